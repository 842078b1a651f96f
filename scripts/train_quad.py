"""Train the quad-class model of ``hybrid.v1`` from a ConfliBERT-style ``text<TAB>label`` file.

    .venv/bin/python scripts/train_quad.py [--data ../shared/data/conflibert/cameo_class_train.tsv]
        [--out src/sitroom/models/quad_v1.json] [--folds 5] [--cv-only]

Reports the cross-validated macro-F1 (each fold's model never sees its test sentences), then
fits on every sentence and writes the JSON model. Needs scikit-learn (``pip install -e
'.[train]'``) and the spaCy model; deterministic (fixed seeds, liblinear).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from sitroom.coders import get_coder
from sitroom.evaluate_events import mentions_for
from sitroom.learned import features
from sitroom.nlp import Parser

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "conflibert" / "cameo_class_train.tsv"
DEFAULT_OUT = ROOT / "src" / "sitroom" / "models" / "quad_v1.json"
C = 8.0


def read(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text.strip() and label.strip().isdigit():
            texts.append(text)
            labels.append(int(label))
    return texts, labels


def featurize(texts: list[str]) -> list[list[str]]:
    parser, coder = Parser(), get_coder("rules.v1")
    out = []
    for k, text in enumerate(texts):
        parsed = parser.parse_text(text, article_id=f"train{k}")
        events = coder.code(parsed, mentions_for(parsed), [])
        lemmas = [t.lemma for t in parsed.tokens]
        out.append(features(text, lemmas, [e.type for e in events]))
    return out


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=1)


def model() -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=0)


def cross_validate(feats: list[list[str]], labels: list[int], folds: int) -> float:
    preds = [0] * len(labels)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(feats, labels):
        vec = vectorizer()
        x = vec.fit_transform([feats[i] for i in train])
        clf = model().fit(x, [labels[i] for i in train])
        for i, p in zip(test, clf.predict(vec.transform([feats[i] for i in test])), strict=True):
            preds[i] = int(p)
    return float(f1_score(labels, preds, average="macro"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    if not args.data.is_file():
        sys.stderr.write(f"training data not found: {args.data}\n")
        return 2
    texts, labels = read(args.data)
    feats = featurize(texts)
    f1 = cross_validate(feats, labels, args.folds)
    sys.stdout.write(f"{args.folds}-fold CV macro-F1 on {len(labels)} sentences: {f1:.4f}\n")
    if args.cv_only:
        return 0
    vec = vectorizer()
    clf = model().fit(vec.fit_transform(feats), labels)
    vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    out = {
        "name": "quad_v1",
        "labels": [int(c) for c in clf.classes_],
        "vocabulary": vocab,
        "idf": [round(float(x), 6) for x in vec.idf_],
        "coef": [[round(float(x), 6) for x in row] for row in clf.coef_],
        "intercept": [round(float(x), 6) for x in clf.intercept_],
        "trained_on": args.data.name,
        "cv_macro_f1": round(f1, 4),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    sys.stdout.write(f"model written to {args.out} ({len(vocab)} features)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
