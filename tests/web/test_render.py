"""Rendering: highlighted text, the standalone timeline page, and the daily briefing (over
the invented reports of test_app)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import THREATEN, XSS, Corpus, build_web_store
from sitroom.errors import SitroomError
from sitroom.picture.timeline import timeline
from sitroom.store.store import Store
from sitroom.web.render import (
    Mark,
    escalation_chart,
    highlight,
    render_report,
    sparkline,
    timeline_html,
)


def test_highlight_escapes_every_piece_and_nests_overlaps() -> None:
    text = "a <b> & c"
    html = highlight(text, [Mark(2, 9, "quote", "q-1"), Mark(6, 7, "trigger")])
    assert str(html) == (
        'a <span class="anchor" id="q-1"></span><mark class="quote">&lt;b&gt; </mark>'
        '<mark class="quote trigger">&amp;</mark><mark class="quote"> c</mark>'
    )


@pytest.fixture()
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    c = Corpus(tmp_path / "agg.duckdb")
    yield c
    c.store.close()


def test_timeline_html_is_a_standalone_page_with_escaped_text(corpus: Corpus) -> None:
    corpus.add(
        "Moscow warned Kyiv of consequences.",
        "2022-01-10",
        THREATEN,
        "warned",
        ("Moscow", "RUS"),
        ("Kyiv", "UKR"),
        title="Alarm <script>alert(1)</script>",
    )
    html = timeline_html(timeline(corpus.store))
    assert html.startswith("<!doctype html>")
    assert "<script>" not in html
    assert "Alarm &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<mark class="trigger">warned</mark>' in html


# --------------------------------------------------------------------------- briefing


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("report") / "r.duckdb"
    build_web_store(path)
    return Store(path, read_only=True)


def test_html_briefing_has_each_section_with_evidence(store: Store) -> None:
    html = render_report(store, "2022-01-10")
    for heading in ("Top events", "Escalation", "New contested claims", "Key quotes"):
        assert f"<h2>{heading}</h2>" in html
    assert html.count('class="item"') >= 3  # the three clusters of the day
    assert '<mark class="trigger">warned</mark>' in html  # evidence with its trigger
    assert "Harbor Daily" in html and "denial" in html.lower()
    assert "concerns &amp; &lt;warnings&gt;" in html  # the key quote, escaped
    assert XSS not in html and "&lt;script&gt;" in html
    assert "@page" in html and "@media print" in html
    assert "<script" not in html and "http" not in html.replace("http://www.w3.org", "")


def test_escalation_change_is_drawn_as_inline_svg(store: Store) -> None:
    html = render_report(store, "2022-01-12")
    row = html.split("<strong>NATO-RUS</strong>")[1].split("</tr>")[0]
    assert "<svg" in row and "<polyline" in row
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[-2] == "1" and cells[-1] == ""  # one NATO-RUS cluster on the 12th, no alert


def test_escalation_chart_shows_the_news_volume_beside_the_index() -> None:
    rows = [
        {"date": "2022-02-23", "smoothed": 1.0, "index": 1.0, "alert": None, "articles": 12},
        {"date": "2022-02-24", "smoothed": 4.0, "index": 6.0, "alert": "rise", "articles": 80},
    ]
    svg = str(escalation_chart({"RUS-UKR": rows}))
    bars = re.findall(
        r'<rect class="volume"[^>]* height="([\d.]+)"[^>]*><title>([^<]+)</title>', svg
    )
    assert [t for _h, t in bars] == ["2022-02-23: 12 articles", "2022-02-24: 80 articles"]
    assert float(bars[0][0]) < float(bars[1][0])  # the busier day has the taller bar


def test_sparkline_scales_inside_its_box_and_marks_alerts() -> None:
    rows = [{"smoothed": v, "index": v, "alert": None} for v in (-2.0, 0.0, 5.0)]
    rows[2]["alert"] = "rise"
    svg = str(sparkline(rows, "A-B <x>"))
    points = re.search(r'points="([^"]+)"', svg)
    assert points is not None
    ys = [float(p.split(",")[1]) for p in points.group(1).split()]
    assert ys[0] > ys[1] > ys[2] and all(0 <= y <= 48 for y in ys)  # higher is up
    assert svg.count('r="3.5"') == 1 and 'aria-label="A-B &lt;x&gt;"' in svg


def test_markdown_briefing(store: Store) -> None:
    md = render_report(store, "2022-01-10", fmt="md")
    assert md.startswith("# sitroom daily briefing: 2022-01-10")
    assert "**THREATEN** RUS → NATO" in md
    assert "| NATO-RUS |" in md
    assert "\\<warnings\\>" in md  # markup characters escaped


def test_a_day_without_data_says_so_and_bad_dates_fail(store: Store, tmp_path: Path) -> None:
    html = render_report(store, "2021-06-01")
    assert "No event clusters on this day." in html
    with pytest.raises(SitroomError, match="E040"):
        render_report(store, "01/10/2022")


def test_key_quotes_show_marks_once_and_only_around_direct_quotes(
    corpus: Corpus, store: Store
) -> None:
    text = "Moscow warned Kyiv of consequences. “I hope the talks go on,” the envoy said."
    corpus.add(text, "2022-01-10", THREATEN, "warned", ("Moscow", "RUS"), ("Kyiv", "UKR"),
               quotes=(("said", "“I hope the talks go on,”", "RUS"),))  # fmt: skip
    html = timeline_html(timeline(corpus.store))
    assert "“I hope the talks go on”" in html
    for doubled in ("““", "””", "&ldquo;“", "”&rdquo;"):
        assert doubled not in html
    report = render_report(store, "2022-01-10")  # its key quote is indirect speech
    assert "concerns &amp; &lt;warnings&gt;" in report
    assert "“the alliance" not in report and "&ldquo;the alliance" not in report
