"""HTML pages: the article body (trafilatura, precision first) and the page's metadata.

Always given the HTML, never a URL: markup-free input is refused rather than handed to a
library that might take it for an address to fetch.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from sitroom.errors import E
from sitroom.ingest.decode import Item, reject
from sitroom.records import RawDocument

EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,  # a data table's rows are kept as text lines (TABLE_ROW)
    "deduplicate": False,
}


LAYOUT_CELL_WORDS = 60  # a table cell this long is page layout, not a data table
TITLE_TAGS = re.compile(
    r"<h1\b[^>]*>(?P<h1>.*?)</h1>|<title\b[^>]*>(?P<title>.*?)</title>|"
    r"<meta\s+property=[\"']og:title[\"']\s+content=[\"'](?P<og>[^\"']*)",
    re.IGNORECASE | re.DOTALL,
)
TITLE_SEP = re.compile(r"\s+[|–—-]\s+")
NON_BODY_LINE = re.compile(
    r"^\W*(?:read more|see also|related|more on this|advertisement|sponsored)\b"
    r"|^\d+\s+(?:of|/)\s+\d+$"
    r"|^(?:posted|published|updated|by)\b[^.!?]*$",
    re.IGNORECASE,
)


def _unwrap_layout_tables(html: str) -> str:
    """Old pages lay out the whole page in a table: such tables (a cell of more than
    ``LAYOUT_CELL_WORDS`` words) become plain blocks so the extractor sees paragraphs."""
    if "<td" not in html.lower():
        return html
    import lxml.html  # type: ignore[import-untyped]

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    changed = False
    for cell in root.iter("td", "th"):
        if len(cell.text_content().split()) <= LAYOUT_CELL_WORDS:
            continue
        for el in cell.iterancestors("table", "tbody", "thead", "tr"):
            el.tag = "div"
        cell.tag = "div"
        changed = True
    if not changed:
        return html
    for br in root.iter("br"):  # a double line break is a paragraph break
        nxt = br.getnext()
        if nxt is not None and nxt.tag == "br" and not (br.tail or "").strip():
            br.tag = "p"
    return str(lxml.html.tostring(root, encoding="unicode"))


#: A row of a data table as trafilatura writes it, and the rule under its header row.
TABLE_ROW = re.compile(r"^\|.*\S.*\|$")
TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")


def _titles(html: str) -> set[str]:
    """The page's headline as its h1, og:title and <title> (and the parts of the latter
    around a site-name separator) write it."""
    out: set[str] = set()
    for m in TITLE_TAGS.finditer(html[:200_000]):
        raw = m["h1"] or m["og"] or m["title"] or ""
        title = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", raw)).split())
        out.update([title, *TITLE_SEP.split(title)])
    return out - {""}


def _link_bar(line: str) -> bool:
    """ "Printer-friendly version | E-mail this story": short items between bars."""
    parts = [p for p in re.split(r"\s+\\?\|\s+", line) if p]
    return len(parts) >= 2 and all(len(p.split()) <= 4 for p in parts)


def _body_lines(text: str, titles: set[str]) -> list[str]:
    """The body's lines: a data table's rows are kept ("| Russia | Sergei Ryabkov | 3 |", the
    rule under the header left out), in-body link and ad lines are not."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and " ".join(lines[0].split()) in titles:
        lines = lines[1:]  # the headline, repeated at the top of the body
    return [ln for ln in lines if _body_line(ln)]


def _body_line(line: str) -> bool:
    if TABLE_ROW.match(line):
        return not TABLE_RULE.match(line)
    return not ((NON_BODY_LINE.match(line) or _link_bar(line)) and len(line.split()) <= 15)


def extract_html(html: str, **options: Any) -> str:
    """The article body of an HTML page (trafilatura; ``EXTRACT_OPTIONS`` unless overridden),
    paragraphs on their own lines, without a leading copy of the headline or in-body link
    and ad lines; "" when nothing looks like an article. Never fetches: markup-free input
    is returned as "" rather than handed over as a URL."""
    import trafilatura

    if "<" not in html:
        return ""
    text = trafilatura.extract(_unwrap_layout_tables(html), **{**EXTRACT_OPTIONS, **options})
    return "\n".join(_body_lines(text, _titles(html))) if text else ""


def html_document(
    source: str,
    html: str,
    digest: str,
    encoding: str = "utf-8",
    record: int = 0,
    meta: dict[str, str] | None = None,
) -> Item:
    """Main text of an HTML page (trafilatura, precision first) and its metadata."""
    import trafilatura
    from htmldate import find_date

    meta = dict(meta or {})
    if "<" not in html:  # never let a library take the string for a URL to fetch
        return reject(source, E.E009, detail="HTML file without markup")
    text = extract_html(html)
    if not text:
        return reject(source, E.E008)
    info = trafilatura.extract_metadata(html, extensive=False)
    if info is not None:
        for key, value in (("title", info.title), ("url", info.url), ("outlet", info.sitename)):
            if value and key not in meta:
                meta[key] = str(value)
        if info.author:
            meta.setdefault("byline", str(info.author))
    found = find_date(html, extensive_search=True, original_date=True)
    if found and "date" not in meta:
        meta["date"] = found
        meta["date_provenance"] = "html"
    return RawDocument(source, text, "html", digest, record, encoding, html, meta)


def strip_tags(fragment: str) -> str:
    """Text of an HTML fragment: tags out, entities decoded, block ends as line breaks."""
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", fragment)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).strip()
