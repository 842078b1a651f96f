"""brat writer and reader: PolNeAR layout, offsets into the text as given."""

from __future__ import annotations

import pytest

from conftest import SHARED
from sitroom.extract.quotes.brat import quotes_to_brat, read_brat
from sitroom.records import Quote, Span

TEXT = (
    "“We are ready to talk,” Ivanov said. “But not forever.”\n"
    "Officials say the\nborder will reopen."
)


def span(text: str, piece: str, start_at: int = 0) -> Span:
    start = text.index(piece, start_at)
    return Span(piece, start, start + len(piece))


def sample_quotes() -> list[Quote]:
    cue = span(TEXT, "said")
    src = span(TEXT, "Ivanov")
    first = Quote("a", "art", "direct", cue, span(TEXT, "“We are ready to talk,”"), src, None, 0.9)
    cont = Quote("b", "art", "direct", cue, span(TEXT, "“But not forever.”"), src, None, 0.9)
    cue2 = span(TEXT, "say")
    content2 = span(TEXT, "the\nborder will reopen")
    other = Quote("c", "art", "indirect", cue2, content2, None, None, 0.7)
    return [cont, first, other]


def test_writer_layout_matches_polnear() -> None:
    ann = quotes_to_brat(sample_quotes())
    lines = ann.splitlines()
    assert lines[0].startswith("T1\tSource ")
    assert lines[0].endswith("\tIvanov")
    events = [ln for ln in lines if ln.startswith("E")]
    assert events[0] == "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3"
    assert events[1].startswith("E2\tAttribution-no-source:T")
    content_line = next(ln for ln in lines if ln.startswith("T3\t"))
    a, b = TEXT.index("“We"), TEXT.index("“But")
    assert f"Content {a} {a + 23};{b} {b + 18}\t" in content_line
    trigger = next(ln for ln in lines if ln.startswith("T4\t"))
    assert trigger.split("\t")[1].startswith("Attribution ")
    assert all("\n" not in ln for ln in lines)


def test_round_trip_keeps_spans() -> None:
    quotes = sample_quotes()
    atts = read_brat(quotes_to_brat(quotes))
    assert len(atts) == 2
    first, second = atts
    assert first.source is not None and first.cue is not None and first.content is not None
    assert first.source.fragments == ((TEXT.index("Ivanov"), TEXT.index("Ivanov") + 6),)
    for frag in first.content.fragments:
        assert TEXT[frag[0] : frag[1]].startswith("“")
    assert second.source is None and second.type == "Attribution-no-source"
    assert second.content is not None
    # a content over a line break is cut in two fragments, each equal to the text
    assert len(second.content.fragments) == 2
    joined = " ".join(TEXT[a:b] for a, b in second.content.fragments)
    assert joined == "the border will reopen"


def test_reader_skips_broken_lines_and_joins_contents() -> None:
    ann = (
        "T1\tSource 0 3\tabc\nT2\tCue 4 8\tsaid\nT3\tContent 9 12\txyz\n"
        "T4\tContent 13 15\tuv\nT5\tAttribution 4 8\tsaid\nT6\tCue x y\tbad\n"
        "E1\tAttribution:T5 Content:T3 Cue:T2 Source:T1 Content2:T4\n#1\tnote\n"
    )
    (att,) = read_brat(ann)
    assert att.source is not None and att.source.fragments == ((0, 3),)
    assert att.content is not None and att.content.fragments == ((9, 12), (13, 15))


def test_reads_real_polnear_file() -> None:
    anns = sorted((SHARED / "data" / "polnear" / "dev" / "attributions").glob("*.ann"))
    if not anns:
        pytest.skip("PolNeAR data not present")
    ann = anns[0]
    name = ann.stem.rsplit("_", 1)[0]
    text = (ann.parent.parent / "text" / f"{name}.txt").read_text(encoding="utf-8")
    atts = read_brat(ann.read_text(encoding="utf-8"))
    assert atts
    for att in atts:
        for sp in (att.source, att.cue, att.content):
            if sp is not None and len(sp.fragments) == 1:
                a, b = sp.fragments[0]
                assert text[a:b] == sp.text


def test_an_empty_cue_keeps_its_place() -> None:
    text = "We were forgotten again. Ivan Hrytsenko."
    content = span(text, "We were forgotten again.")
    cue = Span("", content.end + 1, content.end + 1)  # a signature whose dash was lost
    quote = Quote("s", "art", "unmarked", cue, content, span(text, "Ivan Hrytsenko"), None, 0.9)
    ann = quotes_to_brat([quote])
    assert f"Cue {cue.start} {cue.start}\t" in ann
    (att,) = read_brat(ann)
    assert att.cue is not None and att.cue.fragments == ((cue.start, cue.start),)
    assert att.content is not None and att.content.fragments == ((0, content.end),)
