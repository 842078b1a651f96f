"""Train the quad-class model of ``hybrid.v1`` from a ConfliBERT-style ``text<TAB>label`` file.

    .venv/bin/python scripts/train_quad.py [--data ../shared/data/conflibert/cameo_class_train.tsv]
        [--out src/sitroom/models/quad_v1.json] [--cache DIR]

Parses every sentence once (spaCy + the ``rules.v1`` coder), turns it into the feature strings
of :func:`sitroom.extract.events.learned.text_features` (the same function inference uses), fits a
class-balanced logistic regression over sublinear TF-IDF and writes the JSON model. The honest
estimate of how well it generalises is ``scripts/quad_cv.py`` (grouped cross-validation), not
this script. Needs scikit-learn (``pip install -e '.[train]'``) and the spaCy model;
deterministic (lbfgs, no random state involved).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from sitroom.eval.events import mentions_for
from sitroom.extract.events.learned import text_features
from sitroom.extract.events.registry import get_coder
from sitroom.nlp import Parser
from sitroom.records import Article, Event, ParsedArticle

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "conflibert" / "cameo_class_train.tsv"
DEFAULT_OUT = ROOT / "src" / "sitroom" / "models" / "quad_v1.json"
C = 8.0
MIN_DF = 2
Parsed = list[tuple[ParsedArticle, list[Event]]]


def read(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text.strip() and label.strip().isdigit():
            texts.append(text)
            labels.append(int(label))
    return texts, labels


def _code_sources() -> str:
    """A digest of the code the cached parses depend on (a changed coder invalidates them)."""
    src = ROOT / "src" / "sitroom"
    digest = hashlib.sha256()
    for name in ("nlp.py", "events.py", "actors.py", "plover.py"):
        if (src / name).is_file():
            digest.update((src / name).read_bytes())
    return digest.hexdigest()[:16]


def parse(texts: Sequence[str], cache: Path | None = None) -> Parsed:
    """Each text parsed and coded by ``rules.v1``; cached under ``cache`` when given."""
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    file = cache / f"parsed-{key}-{_code_sources()}.pkl" if cache else None
    if file is not None and file.is_file():
        with file.open("rb") as fh:
            cached: Parsed = pickle.load(fh)
        return cached
    parser, coder = Parser(batch_size=64), get_coder("rules.v1")
    articles = (Article(f"train{k}", "", text) for k, text in enumerate(texts))
    out = [(p, coder.code(p, mentions_for(p), [])) for p in parser.parse_many(articles)]
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("wb") as fh:
            pickle.dump(out, fh)
    return out


def featurize(parsed: Parsed) -> list[list[str]]:
    return [text_features(p, events) for p, events in parsed]


def vectorizer(min_df: int = MIN_DF) -> TfidfVectorizer:
    analyzer: Callable[[list[str]], list[str]] = _identity
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=min_df)


def _identity(feats: list[str]) -> list[str]:
    return feats


def model(c: float = C) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000)


def fit(feats: list[list[str]], labels: list[int], c: float = C, min_df: int = MIN_DF) -> Any:
    """A fitted ``(vectorizer, classifier)`` pair."""
    vec = vectorizer(min_df)
    clf = model(c).fit(vec.fit_transform(feats), labels)
    return vec, clf


def to_json(vec: TfidfVectorizer, clf: LogisticRegression, trained_on: str) -> dict[str, Any]:
    """The model in the form :class:`sitroom.extract.events.learned.QuadModelFile` validates."""
    return {
        "name": "quad_v1",
        "labels": [int(c) for c in clf.classes_],
        "vocabulary": {str(k): int(v) for k, v in vec.vocabulary_.items()},
        "idf": [round(float(x), 6) for x in vec.idf_],
        "coef": [[round(float(x), 6) for x in row] for row in clf.coef_],
        "intercept": [round(float(x), 6) for x in clf.intercept_],
        "trained_on": trained_on,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses")
    args = ap.parse_args()
    if not args.data.is_file():
        sys.stderr.write(f"training data not found: {args.data}\n")
        return 2
    texts, labels = read(args.data)
    vec, clf = fit(featurize(parse(texts, args.cache)), labels)
    out = to_json(vec, clf, args.data.name)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    n = len(out["vocabulary"])
    sys.stdout.write(f"model written to {args.out} ({len(labels)} sentences, {n} features)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
