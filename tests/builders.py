"""Builders shared by the tests: spans, events, quotes and articles of our own invented reports,
and a store filled with them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sitroom.extract.quotes.tagger import SpanGuess
from sitroom.picture.corroborate import build_clusters
from sitroom.records import (
    Actor,
    ActorRef,
    Article,
    Event,
    Evidence,
    Extraction,
    Mention,
    Modality,
    ParsedArticle,
    Provenance,
    Quote,
    QuoteKind,
    Span,
)
from sitroom.store.queries import ArticleMeta, DatedQuote
from sitroom.store.store import Store

ACTORS = {
    "RUS": ActorRef("RUS", "Russia", "RUS", "GOV"),
    "UKR": ActorRef("UKR", "Ukraine", "UKR", "GOV"),
    "USA": ActorRef("USA", "United States", "USA", "GOV"),
    "NATO": ActorRef("NATO", "NATO", None, "IGO"),
    "FRA": ActorRef("FRA", "France", "FRA", "GOV"),
    "GBR": ActorRef("GBR", "United Kingdom", "GBR", "GOV"),
    "putin": ActorRef("vladimir-putin", "Vladimir Putin", "RUS", "GOV"),
}


def span(text: str, sub: str, after: int = 0) -> Span:
    """The first ``sub`` in ``text`` at or after offset ``after``."""
    start = text.index(sub, after)
    return Span(sub, start, start + len(sub))


def make_event(
    article_id: str,
    text: str,
    sentence: str,
    trigger: str,
    type_: str,
    src: Sequence[tuple[str, str]],
    tgt: Sequence[tuple[str, str]],
    date: str,
    *,
    event_id: str | None = None,
    modality: Modality = "asserted",
    goldstein: float | None = None,
    quad_class: int | None = None,
    confidence: float = 0.8,
) -> Event:
    """An event whose evidence is ``sentence`` in ``text``.

    Actors are (surface, key of :data:`ACTORS`) pairs, found in the sentence like the trigger.
    """
    sent = span(text, sentence)

    def mentions(pairs: Sequence[tuple[str, str]]) -> list[Mention]:
        out = []
        for surface, actor_id in pairs:
            sp = span(text, surface, sent.start)
            out.append(Mention(surface, sp.start, sp.end, ACTORS[actor_id], "name", 0, 1))
        return out

    return Event(
        event_id=event_id or f"{article_id}-{type_}-{sent.start}",
        article_id=article_id,
        type=type_,
        mode=None,
        modality=modality,
        source=mentions(src),
        target=mentions(tgt),
        date=date,
        date_precision="day",
        location=None,
        cameo=None,
        goldstein=goldstein,
        quad_class=quad_class,
        evidence=Evidence(sent.text, sent.start, sent.end, span(text, trigger, sent.start)),
        confidence=confidence,
        coder="test",
    )


def make_quote(
    quote_id: str,
    article_id: str,
    text: str,
    cue: str,
    content: str,
    speaker: str,
    *,
    kind: QuoteKind = "indirect",
    source: str | None = None,
) -> Quote:
    """A quote of ``speaker`` (a key of :data:`ACTORS`) with its spans found in ``text``."""
    return Quote(
        quote_id,
        article_id,
        kind,
        span(text, cue),
        span(text, content),
        span(text, source) if source else None,
        ACTORS[speaker],
        0.9,
    )


def dated(quote: Quote, date: str | None = None) -> DatedQuote:
    """A quote as the store gives it to the picture, with its date if known."""
    return DatedQuote(quote, date)


def make_article(article_id: str, text: str, date: str, **fields: str | None) -> Article:
    """An article dated to the day, read from ``<article_id>.txt``."""
    return Article(article_id, f"{article_id}.txt", text, date=date, date_precision="day", **fields)


def meta(article_id: str, **fields: str | None) -> ArticleMeta:
    """What the picture knows of an article: outlet, copy group, duplicate link, date, title."""
    return ArticleMeta(article_id, **fields)


def actor_records(*keys: str) -> list[Actor]:
    """The :data:`ACTORS` of ``keys`` as records of the actors table."""
    return [Actor(r.actor_id, r.name, r.country, r.sector) for r in (ACTORS[k] for k in keys)]


def fill(
    store: Store,
    items: Iterable[tuple[Article, Sequence[Event], Sequence[Quote]]],
    *,
    actors: Sequence[Actor] = (),
    run: str = "run",
) -> None:
    """Ingest each article, then store its events, quotes and the ``actors``."""
    rows = list(items)
    store.add_ingested([(art, f"h-{art.article_id}") for art, _, _ in rows], [], run)
    store.add_extractions(
        Extraction(ParsedArticle(art, [], [], []), [], list(actors), list(qs), list(evs))
        for art, evs, qs in rows
    )


def guess(parsed: ParsedArticle, label: str, piece: str, last: bool = False) -> SpanGuess:
    """A model span over the tokens covering ``piece`` (its last occurrence if ``last``)."""
    start = parsed.text.rindex(piece) if last else parsed.text.index(piece)
    idx = [t.i for t in parsed.tokens if t.start < start + len(piece) and start < t.end]
    a, b = idx[0], idx[-1] + 1
    return SpanGuess(label, a, b, parsed.tokens[a].start, parsed.tokens[b - 1].end)


# --------------------------------------------------------------------------- web store

XSS = "<script>alert(1)</script>"

TEXT1 = (
    "Moscow warned NATO on Monday that it would respond with military measures. "
    "Washington accused Moscow of massing troops near the frontier. "
    "Moscow denied the accusation. "
    "A Kremlin spokesman said the alliance was ignoring Russian concerns & <warnings>."
)
TEXT2 = "NATO will meet Russian envoys in Brussels on Wednesday, the alliance said."


def _event(
    aid: str,
    text: str,
    sentence: str,
    trigger: str,
    type_: str,
    src: tuple[str, str],
    tgt: tuple[str, str] | None,
    date: str,
    gold: float,
) -> Event:
    """An event with a Goldstein score and its quad class, identified by article and type."""
    quad = 4 if gold <= -4 else 3 if gold < 0 else 1
    tgts = [tgt] if tgt else []
    ident = f"{aid}-{type_.lower()}"
    return make_event(aid, text, sentence, trigger, type_, [src], tgts, date, event_id=ident,
                      goldstein=gold, quad_class=quad)  # fmt: skip


def build_web_store(path: Path) -> None:
    """Two invented articles with events, a quote and clusters: the web tests' store."""
    a1 = make_article("art1", TEXT1, "2022-01-10", title=f"Kremlin warns alliance {XSS}",
                      outlet="Harbor Daily", url="javascript:alert(2)")  # fmt: skip
    a2 = make_article("art2", TEXT2, "2022-01-11", title="Talks set for Brussels",
                      outlet="Lakeside Post")  # fmt: skip
    accuse = "Washington accused Moscow of massing troops near the frontier."
    s1 = [
        _event("art1", TEXT1, TEXT1[: TEXT1.index(".") + 1], "warned", "THREATEN",
               ("Moscow", "RUS"), ("NATO", "NATO"), "2022-01-10", -4.4),
        _event("art1", TEXT1, accuse, "accused", "ACCUSE", ("Washington", "USA"),
               ("Moscow", "RUS"), "2022-01-10", -2.0),
        _event("art1", TEXT1, "Moscow denied the accusation.", "denied", "REJECT",
               ("Moscow", "RUS"), None, "2022-01-10", -4.0),
    ]  # fmt: skip
    s1[1].provenance = Provenance(
        "lexicon:verb/accuse", "accuse", None, "main", ("capital",), ("coreference",)
    )
    q1 = make_quote("art1-q", "art1", TEXT1, "said",
                    "the alliance was ignoring Russian concerns & <warnings>", "RUS",
                    source="A Kremlin spokesman")  # fmt: skip
    e2 = _event("art2", TEXT2, TEXT2, "meet", "CONSULT", ("NATO", "NATO"), ("Russian", "RUS"),
                "2022-01-12", 1.0)  # fmt: skip
    with Store(path) as store:
        fill(store, [(a1, s1, [q1]), (a2, [e2], [])], actors=actor_records("RUS", "NATO", "USA"))
        build_clusters(store)


# --------------------------------------------------------------------------- corroboration

WARN = (
    "The Kremlin warned NATO on Monday that it would answer with military measures"
    " if the alliance moved closer to its borders."
)
WARN_OTHER = "Russia threatened the alliance with a military response, officials in Moscow said."
ACCUSE = "Washington accused Moscow of massing troops near the Ukrainian frontier."
DENY = "Moscow denied the accusation and called it baseless."
FRANCE = "Paris rejected the idea of new sanctions against Moscow."

#: Four articles: a1 and a2 are copies of one wire story, a4 is from a1's outlet.
ARTICLES: dict[str, ArticleMeta] = {
    "a1": meta("a1", outlet="Harbor Daily", copy_group="wire-1", date="2022-01-10"),
    "a2": meta("a2", outlet="Lakeside Post", copy_group="wire-1", date="2022-01-10"),
    "a3": meta("a3", outlet="Northern Ledger", copy_group=None, date="2022-01-11"),
    "a4": meta("a4", outlet="Harbor Daily", copy_group=None, date="2022-01-11"),
}


def threat(article_id: str, text: str, sentence: str, date: str, target: str = "NATO") -> Event:
    """Russia (the Kremlin) threatening NATO (or ``target``) in ``sentence``."""
    tgt_surface = "NATO" if "NATO" in sentence else "alliance"
    if target != "NATO":
        tgt_surface = "Ukraine"
    src_surface = "Kremlin" if "Kremlin" in sentence else "Russia"
    return make_event(
        article_id,
        text,
        sentence,
        "warned" if "warned" in sentence else "threatened",
        "THREATEN",
        [(src_surface, "RUS")],
        [(tgt_surface, target)],
        date,
    )


def accusation(article_id: str, text: str) -> Event:
    """Washington accusing Moscow (:data:`ACCUSE`)."""
    return make_event(article_id, text, ACCUSE, "accused", "ACCUSE", [("Washington", "USA")],
                      [("Moscow", "RUS")], "2022-01-10")  # fmt: skip


def denial(article_id: str, text: str, date: str) -> Event:
    """Moscow denying the accusation (:data:`DENY`)."""
    return make_event(article_id, text, DENY, "denied", "REJECT", [("Moscow", "RUS")], [], date)


# --------------------------------------------------------------------------- a corpus of days

# (type, goldstein) of the events below; scores in the Goldstein range
CONSULT, THREATEN, ASSAULT = ("CONSULT", 1.0), ("THREATEN", -4.4), ("ASSAULT", -10.0)


class Corpus:
    """A store filled article by article: one sentence and one event per article."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.n = 0

    def add(
        self,
        text: str,
        date: str,
        kind: tuple[str, float],
        trigger: str,
        src: tuple[str, str],
        tgt: tuple[str, str],
        *,
        outlet: str | None = None,
        modality: Modality = "asserted",
        quotes: tuple[tuple[str, str, str], ...] = (),
        title: str | None = None,
    ) -> str:
        self.n += 1
        aid = f"art{self.n:03d}"
        art = make_article(
            aid, text, date, title=title or f"Report {self.n}", outlet=outlet or f"Outlet {self.n}"
        )
        qs = [
            make_quote(f"{aid}-q{i}", aid, text, cue, content, who, kind="direct")
            for i, (cue, content, who) in enumerate(quotes)
        ]
        ev = make_event(
            aid,
            text,
            text,
            trigger,
            kind[0],
            [src],
            [tgt],
            date,
            event_id=f"{aid}-e{span(text, trigger).start}",
            modality=modality,
            goldstein=kind[1],
        )
        fill(self.store, [(art, [ev], qs)])
        return aid


TALKS = (
    "Russian and Ukrainian envoys met in Minsk to discuss prisoner exchanges.",
    "A Russian delegation met Ukrainian officials over gas transit fees.",
    "Ukrainian negotiators met their Russian counterparts by video link.",
    "Russian diplomats met a Ukrainian deputy minister at the border crossing.",
    "The Ukrainian ambassador met Russian officials about grain shipments.",
    "Russian and Ukrainian military observers met near the contact line.",
    "Ukrainian and Russian water engineers met over the canal dispute.",
)


def daily_talks(c: Corpus, days: range, month: str = "2022-01") -> None:
    """One Russian-Ukrainian meeting a day."""
    for i, d in enumerate(days):
        c.add(
            TALKS[i % len(TALKS)],
            f"{month}-{d:02d}",
            CONSULT,
            "met",
            ("Russian", "RUS"),
            ("Ukrainian", "UKR"),
        )
