"""Fidelity of HTML pages: a data table is kept as text, a paragraph in another language is
kept and marked, and the stored text holds what trafilatura itself extracts from the page.
The pages are ours."""

from __future__ import annotations

from pathlib import Path

import trafilatura

from sitroom.ingest.normalize import normalize
from sitroom.ingest.readers import iter_documents
from sitroom.records import Article

PAGE = """<html><head><title>Talks in Geneva - Example News</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Talks in Geneva</h1>
<p>Russian and American diplomats met in Geneva on Monday for talks on security in Europe,
officials from both delegations said after the meeting ended in the evening.</p>
<p>The delegations exchanged proposals on troop levels and on missile deployments, and agreed
to meet again next week in Brussels, according to a joint statement.</p>
<table>
<tr><th>Delegation</th><th>Head</th><th>Meetings</th></tr>
<tr><td>Russia</td><td>Sergei Ryabkov</td><td>3</td></tr>
<tr><td>United States</td><td>Wendy Sherman</td><td>2</td></tr>
</table>
<p>Le ministre des Affaires étrangères a déclaré que la France soutenait pleinement les
négociations et souhaitait une désescalade rapide à la frontière.</p>
<p>Officials said the next round would focus on arms control and on the exchange of
information about military exercises near the border.</p>
</article>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>
"""


def stored(tmp_path: Path, html: str = PAGE) -> Article:
    page = tmp_path / "talks.html"
    page.write_text(html, encoding="utf-8")
    [doc] = list(iter_documents([page]))
    art = normalize(doc)
    assert isinstance(art, Article)
    return art


def test_a_data_table_is_kept_as_text_rows(tmp_path: Path) -> None:
    text = stored(tmp_path).text
    lines = text.splitlines()
    assert "| Russia | Sergei Ryabkov | 3 |" in lines
    assert "| United States | Wendy Sherman | 2 |" in lines
    assert "| Delegation | Head | Meetings |" in lines
    assert "---" not in text  # the rule under the header row is markup, not text
    assert "Home" not in text and "Copyright" not in text


def test_a_paragraph_in_another_language_is_kept_and_marked(tmp_path: Path) -> None:
    art = stored(tmp_path)
    french = "Le ministre des Affaires étrangères a déclaré"
    assert french in art.text
    assert art.language == "en"
    [frag] = [f for f in art.foreign_fragments if f["language"] == "fr"]
    assert art.text[frag["start"] : frag["end"]] == frag["text"]
    assert frag["text"].startswith(french)


def test_the_stored_text_holds_what_trafilatura_extracts(tmp_path: Path) -> None:
    words = set(stored(tmp_path).text.replace("|", " ").split())
    theirs = trafilatura.extract(PAGE) or ""
    lines = [ln for ln in theirs.splitlines() if ln.strip() and not set(ln) <= set("|- ")]
    missing = {w for ln in lines[1:] for w in ln.replace("|", " ").split()} - words
    assert lines[0] == "Talks in Geneva"  # the headline: stored as the title
    assert missing == set()
