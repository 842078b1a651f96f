"""Train the learned attribution tagger (``sitroom.extract.quotes.tagger``) on PolNeAR.

Reproducible: fixed seeds, one process, the same data in the same order. Two steps, both run
by ``make train-quotes``:

    python scripts/train_quotes.py prep  --data ../shared/data/polnear --cache build/quotes-v2
    python scripts/train_quotes.py train --cache build/quotes-v2 --out src/sitroom/models/quotes

``prep`` parses every train and dev article twice with the project's parser, as written and
with quotation marks, apostrophes and dashes deleted (the gold offsets shifted), and stores
the model's input documents with their gold SOURCE / CUE / CONTENT entities as spaCy DocBins
in the cache folder (never in the package; ``prep.json`` there records how, and a cache made
otherwise is refused). ``train`` recomputes the sentence-context features from the stored
words, trains the ``ner`` component for a fixed number of epochs or minutes, drawing for
every article and epoch one of its two versions (stripped with probability
``--strip-rate``), keeps the averaged weights that score best on dev (mean content F1 as
written and stripped), and writes only the component, its config and ``meta.json`` with the
feature version (no vocabulary strings, no text) to ``--out``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

from sitroom.eval.quotes import gold_annotation_files, strip_marks_text
from sitroom.extract.quotes.brat import read_brat
from sitroom.extract.quotes.features import context_features, doc_from_parsed
from sitroom.extract.quotes.model_folder import anchor_digest, write_anchor_lemmas
from sitroom.extract.quotes.tagger import FEATURES_VERSION, model_config
from sitroom.nlp import Parser
from sitroom.pipeline import read_text_exact
from sitroom.records import Article, ParsedArticle

SEED = 20211221
ROLES = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
DOC_ATTRS = ["ORTH", "SPACY", "TAG", "LEMMA", "ENT_IOB", "ENT_TYPE"]


def log(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


# --------------------------------------------------------------------------- prep


def _gold_char_spans(ann: str, new_pos: list[int] | None) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for att in read_brat(ann):
        for role, label in ROLES.items():
            span = getattr(att, role)
            if span is None:
                continue
            for a, b in span.fragments:
                if new_pos is not None:
                    last = len(new_pos) - 1
                    a, b = new_pos[min(a, last)], new_pos[min(b, last)]
                if b > a:
                    out.append((label, a, b))
    return out


def _with_gold(doc: Any, parsed: ParsedArticle, spans: list[tuple[str, int, int]]) -> Any:
    from spacy.util import filter_spans

    ents = []
    for label, a, b in spans:
        idx = [t.i for t in parsed.tokens if t.start < b and a < t.end and t.text.strip()]
        if idx:
            ents.append(doc[idx[0] : idx[-1] + 1])
            ents[-1].label_ = label
    doc.ents = filter_spans(ents)
    return doc


def _articles(
    split: Path, strip_rate: float, both: bool = False
) -> list[tuple[Article, str, list[int] | None]]:
    """Every article of ``split`` once, as written or (with probability ``strip_rate``, drawn
    from a seeded generator) with quotation marks, apostrophes and dashes deleted; with
    ``both``, each article in both versions (``train`` then draws one per epoch)."""
    out: list[tuple[Article, str, list[int] | None]] = []
    for k, (name, ann_path) in enumerate(gold_annotation_files(split).items()):
        text = read_text_exact(split / "text" / f"{name}.txt")
        ann = read_text_exact(ann_path)
        if both:
            stripped, new_pos = strip_marks_text(text)
            out.append((Article(article_id=name, source_path=name, text=text), ann, None))
            out.append((Article(article_id=name, source_path=name, text=stripped), ann, new_pos))
        elif random.Random(SEED + k).random() < strip_rate:
            stripped, new_pos = strip_marks_text(text)
            out.append((Article(article_id=name, source_path=name, text=stripped), ann, new_pos))
        else:
            out.append((Article(article_id=name, source_path=name, text=text), ann, None))
    return out


CACHE_SETTINGS = "prep.json"


def _check_cache(cache: Path, settings: dict[str, Any]) -> None:
    """Record ``prep``'s settings in the cache, and refuse to add to shards written with
    other settings (or before they were recorded): stale shards would be mixed in."""
    import json

    cache.mkdir(parents=True, exist_ok=True)
    marker = cache / CACHE_SETTINGS
    if marker.is_file():
        old = json.loads(marker.read_text(encoding="utf-8"))
        if old != settings:
            raise SystemExit(
                f"{cache} was prepared with {old}, not {settings}: use another --cache"
            )
    elif any(cache.glob("*.spacy")):
        raise SystemExit(
            f"{cache} holds shards of an older prep: delete them or use another --cache"
        )
    marker.write_text(json.dumps(settings), encoding="utf-8")


def prep(
    data: Path, cache: Path, splits: list[str], strip_rate: float, both: bool, shard: int = 20
) -> None:
    """Parse and store the model's documents, in shards of ``shard`` texts, so that training
    can start on what is ready (a shard already on disk is not parsed again)."""
    import spacy
    from spacy.tokens import DocBin

    _check_cache(cache, {"both": both, "strip_rate": None if both else strip_rate})
    parser = Parser(batch_size=8)
    vocab = spacy.blank("en").vocab
    for split in splits:
        items = _articles(data / split, strip_rate, both)
        for first in range(0, len(items), shard):
            target = cache / f"{split}-{first // shard:03d}.spacy"
            if target.exists():
                continue
            part = items[first : first + shard]
            bins = DocBin(attrs=DOC_ATTRS, store_user_data=True)
            t0, words = time.time(), 0
            for k, parsed in enumerate(parser.parse_many(a for a, _, _ in part)):
                _, ann, new_pos = part[k]
                doc = _with_gold(
                    doc_from_parsed(vocab, parsed), parsed, _gold_char_spans(ann, new_pos)
                )
                doc.user_data["stripped"] = new_pos is not None
                doc.user_data["name"] = part[k][0].article_id
                bins.add(doc)
                words += len(parsed.tokens)
            bins.to_disk(target)
            log(f"{target.name}: {words} tokens, {words / (time.time() - t0):.0f} tokens/s")


# --------------------------------------------------------------------------- train


def _load(cache: Path, split: str, vocab: Any) -> tuple[list[Any], list[Any]]:
    """The documents of every shard of ``split``: (as written, stripped), article by article."""
    from spacy.tokens import DocBin

    plain: list[Any] = []
    stripped: list[Any] = []
    for path in sorted(cache.glob(f"{split}-*.spacy")):
        for doc in DocBin().from_disk(path).get_docs(vocab):
            (stripped if doc.user_data.get("stripped") else plain).append(doc)
    return plain, stripped


def _examples(docs: list[Any]) -> list[Any]:
    """Training pairs: the model's input (words, tags, anchor paths and the sentence-context
    features, recomputed here from the stored words so that a change of those features
    needs no new parse) and the gold document."""
    from spacy.tokens import Doc
    from spacy.training import Example

    out = []
    for gold in docs:
        words = [t.text for t in gold]
        spaces = [bool(t.whitespace_) for t in gold]
        lemmas = [t.lemma_ for t in gold]
        pred = Doc(
            gold.vocab,
            words=words,
            spaces=spaces,
            tags=[t.tag_ for t in gold],
            lemmas=lemmas,
            morphs=context_features(words, spaces, lemmas),
        )
        out.append(Example(pred, gold))
    return out


def _pairs(examples: list[Any]) -> list[tuple[Any, Any]]:
    """(as written, stripped) per article when the cache holds both versions of every
    article (``prep --both``), in a fixed order; else empty."""
    by_name: dict[str, list[Any]] = {}
    for e in examples:
        name = e.reference.user_data.get("name")
        if name is None:
            return []
        by_name.setdefault(name, [None, None])[bool(e.reference.user_data.get("stripped"))] = e
    if any(None in pair for pair in by_name.values()):
        return []
    return [(pair[0], pair[1]) for _, pair in sorted(by_name.items())]


def _dev_f1(nlp: Any, examples: list[Any]) -> dict[str, float]:
    scores = nlp.evaluate(examples)
    per = scores.get("ents_per_type") or {}
    out = {k: round(100 * v["f"], 1) for k, v in per.items()}
    out["all"] = round(100 * scores["ents_f"], 1)
    return out


def train(cache: Path, out: Path, args: argparse.Namespace) -> None:
    import spacy
    from spacy.util import fix_random_seed, minibatch
    from thinc.api import Adam, Config

    fix_random_seed(SEED)
    rng = random.Random(SEED)
    nlp = spacy.util.load_model_from_config(
        Config().from_str(model_config(args.width, args.depth, args.context, args.drop_attrs)),
        auto_fill=True,
    )
    dev, dev_stripped = (_examples(d[: args.dev_docs]) for d in _load(cache, "dev", nlp.vocab))
    train_docs = _examples([d for part in _load(cache, "train", nlp.vocab) for d in part])
    # spaCy's default optimizer, with parameter averaging (the averaged weights are the ones
    # scored and saved: they move less from one epoch to the next)
    optimizer = Adam(
        args.learn_rate,
        L2=0.01,
        L2_is_weight_decay=True,
        grad_clip=1.0,
        use_averages=args.averages,
    )
    nlp.initialize(lambda: train_docs[:200], sgd=optimizer)
    paired = _pairs(train_docs)
    t0 = time.time()
    best, best_bytes = -1.0, b""
    for epoch in range(args.epochs):
        if epoch and not paired:  # shards written by a running ``prep`` join from next epoch
            loaded = _load(cache, "train", nlp.vocab)
            train_docs = _examples([d for part in loaded for d in part])
        if paired:  # one version of each article, stripped with probability strip_rate
            train_docs = [pair[rng.random() < args.strip_rate] for pair in paired]
        n_strip = sum(bool(e.reference.user_data.get("stripped")) for e in train_docs)
        log(f"epoch {epoch + 1}: {len(train_docs)} training documents, {n_strip} stripped")
        batch_src = sorted(train_docs, key=lambda e: e.reference.text)
        rng.shuffle(batch_src)
        losses: dict[str, float] = {}
        for batch in minibatch(batch_src, size=args.batch):
            nlp.update(batch, drop=args.dropout, sgd=optimizer, losses=losses)
            if time.time() - t0 > args.max_minutes * 60:
                break
        with nlp.use_params(optimizer.averages if args.averages else {}):
            f_plain, f_strip = _dev_f1(nlp, dev), _dev_f1(nlp, dev_stripped)
            mins = (time.time() - t0) / 60
            log(f"epoch {epoch + 1} {mins:.1f} min loss {losses} dev {f_plain} strip {f_strip}")
            # both conditions matter: mean content F1 as written and stripped, then all labels
            score = (f_plain.get("CONTENT", 0.0) + f_strip.get("CONTENT", 0.0)) / 2
            score += (f_plain["all"] + f_strip["all"]) / 1000
            if score > best:
                best, best_bytes = score, nlp.get_pipe("ner").to_bytes(exclude=["vocab"])
                save(nlp, out, args.context)
        if mins > args.max_minutes:
            break
    nlp.get_pipe("ner").from_bytes(best_bytes, exclude=["vocab"])
    save(nlp, out, args.context)
    log(f"saved to {out} (best dev mean content F1 {best:.2f})")


def save(nlp: Any, out: Path, context: bool = True) -> None:
    """The component's weights and moves and the pipeline config; no vocabulary strings.
    ``meta.json`` records the version of the input features the model was trained on."""
    out.mkdir(parents=True, exist_ok=True)
    nlp.config.to_disk(out / "config.cfg")
    nlp.meta["name"] = "sitroom_quotes"
    nlp.meta["description"] = "Attribution spans (SOURCE, CUE, CONTENT) for sitroom"
    nlp.meta["sitroom_features"] = FEATURES_VERSION if context else 1
    nlp.meta["sitroom_anchor_lemmas"] = anchor_digest()
    write_anchor_lemmas(out)  # the anchor verbs the features were made with, beside the model
    (out / "ner").mkdir(exist_ok=True)
    nlp.get_pipe("ner").to_disk(out / "ner", exclude=["vocab"])
    import srsly

    srsly.write_json(out / "meta.json", nlp.meta)


def bench(corpus: Path, limit: int, model: Path | None) -> None:
    """CPU seconds of parsing ``limit`` texts of a JSON-lines corpus, then of extracting
    their quotes (the model from ``model`` or the packaged one), and the ratio."""
    import json
    import os

    from sitroom.extract.quotes.rules import extract_quotes

    if model is not None:
        os.environ["SITROOM_QUOTES_MODEL"] = str(model)
    with open(corpus, encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(limit), fh, strict=False)]
    arts = [Article(article_id=str(k), source_path="", text=r["text"]) for k, r in enumerate(rows)]
    parser = Parser()
    list(parser.parse_many(arts[:2]))  # warm up
    t0 = time.process_time()
    parsed = list(parser.parse_many(arts))
    t_parse = time.process_time() - t0
    extract_quotes(parsed[0], [])  # load the model outside the timing
    t0 = time.process_time()
    n_quotes = sum(len(extract_quotes(p, [])) for p in parsed)
    t_quotes = time.process_time() - t0
    tokens = sum(len(p.tokens) for p in parsed)
    log(
        f"{len(parsed)} texts, {tokens} tokens: parsing {t_parse:.1f} CPU s, quotes "
        f"{t_quotes:.1f} CPU s ({n_quotes} quotes) = +{100 * t_quotes / t_parse:.1f}%"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=["prep", "train", "bench"])
    ap.add_argument(
        "--corpus",
        type=Path,
        default=Path("../shared/data/corpora/presidential_releases_2021-11_2022-03.jsonl"),
    )
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    ap.add_argument("--cache", type=Path, default=Path("build/quotes-v2"))
    ap.add_argument("--out", type=Path, default=Path("src/sitroom/models/quotes"))
    ap.add_argument("--splits", nargs="+", default=["train", "dev"])
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--max-minutes", type=float, default=28.0)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--learn-rate", type=float, default=0.001)
    ap.add_argument(
        "--strip-rate",
        type=float,
        default=0.65,
        help="prep without --both: share of articles stored stripped; train: share drawn "
        "stripped per epoch from articles stored in both versions",
    )
    ap.add_argument(
        "--both",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="prep: store every article both as written and stripped",
    )
    ap.add_argument(
        "--context",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="read the sentence-context features (quotes_model.context_features)",
    )
    ap.add_argument("--dev-docs", type=int, default=84, help="dev articles scored per epoch")
    ap.add_argument(
        "--drop-attrs", nargs="*", default=[], help="token attributes the model does not embed"
    )
    ap.add_argument(
        "--averages",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="score and keep the running average of the weights",
    )
    args = ap.parse_args()
    if args.step == "prep":
        prep(args.data, args.cache, args.splits, args.strip_rate, args.both)
    elif args.step == "bench":
        bench(args.corpus, args.limit, args.model)
    else:
        train(args.cache, args.out, args)


if __name__ == "__main__":
    main()
