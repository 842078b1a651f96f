"""Ingest: read input files once and yield raw documents, or rejections with a reason.

Formats: plain text, HTML (trafilatura with ``favor_precision`` + htmldate, always given the
HTML, never a URL), JSON lines / JSON arrays and CSV/TSV with configurable field names,
WARC (warcio), RSS/Atom (feedparser on the file's bytes), and ``.gz``, ``.zip``, ``.tar``,
``.tar.gz`` containers of any of these. Each file is read once; its SHA-256 is the key of
what it yields (``<hash>`` for a one-document file, ``<hash>:<record>`` for records,
``<hash>:<member>`` inside archives) so a second run can skip what it already has.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import html as html_lib
import io
import json
import os
import re
import tarfile
import zipfile
from collections.abc import Container, Iterable, Iterator, Sequence
from glob import iglob
from pathlib import Path
from typing import Any

from sitroom.config import IngestSettings
from sitroom.errors import E
from sitroom.records import RawDocument, Rejected

Item = RawDocument | Rejected
SKIPPED_CODES = frozenset({E.E011.name})  # Rejected codes that mean "nothing to ingest"

TEXT_EXT = frozenset({".txt", ".text", ".md", ""})
HTML_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_EXT = frozenset({".jsonl", ".ndjson", ".json"})
CSV_EXT = frozenset({".csv", ".tsv"})
FEED_EXT = frozenset({".rss", ".atom", ".xml"})
GLOB_CHARS = re.compile(r"[*?\[]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


# --------------------------------------------------------------------------- paths


def _hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, in path order, hidden files and folders skipped."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if _hidden(entry.name):
            continue
        if entry.is_dir():
            yield from _walk(Path(entry.path))
        else:
            yield Path(entry.path)


def _expand_one(spec: str | Path) -> Iterator[Path]:
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield path
    elif GLOB_CHARS.search(str(spec)):
        for match in sorted(iglob(str(spec), recursive=True)):  # noqa: PTH207 (absolute patterns)
            p = Path(match)
            if p.is_dir():
                yield from _walk(p)
            elif not _hidden(p.name):
                yield p


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files named by ``paths``: files, directories (recursively, sorted) and glob patterns."""
    for spec in paths:
        yield from _expand_one(spec)


def iter_documents(
    paths: Sequence[str | Path],
    settings: IngestSettings | None = None,
    skip_hashes: Container[str] = (),
) -> Iterator[RawDocument | Rejected]:
    """Stream documents from ``paths``; a file whose hash is in ``skip_hashes`` is not parsed.

    Records of multi-record files are skipped one by one when their own hash is listed.
    A path that names nothing yields ``Rejected`` E001.
    """
    settings = settings or IngestSettings.model_validate({})
    for spec in paths:
        found = False
        for path in _expand_one(spec):
            found = True
            yield from read_file(path, settings, skip_hashes)
        if not found and not Path(spec).exists():
            yield _reject(str(spec), E.E001, path=spec)


def _reject(source: str, code: E, **kwargs: object) -> Rejected:
    return Rejected(source, code.name, code.format(**kwargs))


def read_file(
    path: Path, settings: IngestSettings, skip_hashes: Container[str] = ()
) -> Iterator[Item]:
    """Read one file (once) and yield what it holds."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _reject(source, E.E006, detail=exc.strerror or str(exc))
        return
    if size > settings.max_bytes:
        yield _reject(source, E.E004, size=size, limit=settings.max_bytes)
        return
    if size == 0:
        yield _reject(source, E.E002)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _reject(source, E.E006, detail=exc.strerror or str(exc))
        return
    digest = hashlib.sha256(data).hexdigest()
    if digest in skip_hashes:
        return
    yield from _dispatch(source, path.name, data, digest, settings, skip_hashes)


# --------------------------------------------------------------------------- formats


def detect_format(name: str, data: bytes) -> str:
    """Format of a file from its name, then from its first bytes."""
    low = name.lower()
    if low.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    if low.endswith((".tar", ".tar.gz", ".tgz")):
        return "tar"
    if low.endswith(".zip") or data[:4] == b"PK\x03\x04":
        return "zip"
    if low.endswith(".gz") or data[:2] == b"\x1f\x8b":
        return "gz"
    suffix = Path(low).suffix
    head = data[:4096].lstrip().lower()
    if suffix in FEED_EXT or head.startswith(b"<?xml"):
        if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        if suffix in FEED_EXT:
            return "html"
    if suffix in HTML_EXT or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in JSONL_EXT:
        return "jsonl"
    if suffix in CSV_EXT:
        return "csv"
    return "text"


def _dispatch(
    source: str,
    name: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    fmt = detect_format(name, data)
    if fmt == "gz":
        yield from _read_gz(source, name, data, digest, settings, skip)
    elif fmt == "zip":
        yield from _read_zip(source, data, digest, settings, skip)
    elif fmt == "tar":
        yield from _read_tar(source, data, digest, settings, skip)
    elif fmt == "warc":
        yield from _read_warc(source, data, digest, skip)
    else:
        yield from _read_textual(source, fmt, data, digest, settings, skip)


def _read_textual(
    source: str,
    fmt: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    try:
        text, encoding = decode_bytes(data)
    except _DecodeError as exc:
        yield _reject(source, exc.code, detail=exc.detail)
        return
    if fmt == "feed":
        yield from _read_feed(source, data, digest, skip)
    elif fmt == "jsonl":
        yield from _read_jsonl(source, text, digest, settings, skip)
    elif fmt == "csv":
        yield from _read_csv(source, text, digest, settings, skip, source.endswith(".tsv"))
    elif fmt == "html":
        yield html_document(source, text, digest, encoding)
    elif not text.strip():
        yield _reject(source, E.E002)
    else:
        yield RawDocument(source, text, "text", digest, encoding=encoding)


# --------------------------------------------------------------------------- decoding


class _DecodeError(Exception):
    def __init__(self, code: E, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOMs, then UTF-8, Windows-1252, Latin-1; NUL bytes mean binary."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _DecodeError(E.E005, f"utf-16: {exc.reason}") from exc
    if b"\x00" in data:
        raise _DecodeError(E.E003, "NUL bytes")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text, encoding = data.decode("latin-1"), "latin-1"
    controls = len(CONTROL.findall(text))
    if controls > max(4, len(text) // 100):
        raise _DecodeError(E.E005, f"{controls} control characters under utf-8, cp1252 and latin-1")
    return text, encoding


# --------------------------------------------------------------------------- HTML


EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
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
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and " ".join(lines[0].split()) in titles:
        lines = lines[1:]  # the headline, repeated at the top of the body
    return [
        ln
        for ln in lines
        if not ((NON_BODY_LINE.match(ln) or _link_bar(ln)) and len(ln.split()) <= 15)
    ]


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
        return _reject(source, E.E009, detail="HTML file without markup")
    text = extract_html(html)
    if not text:
        return _reject(source, E.E008)
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


def _strip_tags(fragment: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", fragment)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).strip()


# --------------------------------------------------------------------------- records


def _lookup(row: dict[str, Any], name: str) -> str:
    """A field by name, case-insensitively; "" when absent or empty."""
    value = row.get(name)
    if value is None:
        lowered = {str(k).strip().lower(): v for k, v in row.items()}
        value = lowered.get(name.lower())
    return "" if value is None else str(value).strip()


def _opens_with(text: str, title: str) -> bool:
    """True when ``text`` starts with ``title`` (whitespace and case aside)."""
    head = " ".join(text[: len(title) + 200].split()).lower()
    return head.startswith(" ".join(title.split()).lower())


def record_document(
    source: str, row: dict[str, Any], fmt: str, key: str, record: int, s: IngestSettings
) -> Item:
    """A JSON or CSV record as a document, field names from the settings."""
    text = next((v for f in s.text_fields if (v := _lookup(row, f))), "")
    title = _lookup(row, s.title_field)
    meta = {
        "title": title,
        "date": _lookup(row, s.date_field),
        "url": _lookup(row, s.url_field),
        "outlet": _lookup(row, s.outlet_field),
    }
    meta = {k: v for k, v in meta.items() if v}
    if not text and title:
        text, meta["headline_only"] = title, "1"
    elif s.headline_in_text and title and not _opens_with(text, title):
        text = f"{title}\n\n{text}"
    if not text:  # nothing to ingest: skipped, reported under its own code (not malformed)
        fields = "/".join(s.text_fields)
        return _reject(source, E.E011, fmt=fmt, record=record, fields=fields)
    if "date" in meta:
        meta["date_provenance"] = "container"
    return RawDocument(f"{source}#{record}", text, fmt, key, record, meta=meta)


def _records(
    source: str,
    rows: Iterable[tuple[int, Any]],
    fmt: str,
    digest: str,
    s: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    for record, row in rows:
        key = f"{digest}:{record}"
        if key in skip:
            continue
        if isinstance(row, Rejected):
            yield row
        elif not isinstance(row, dict):
            yield _reject(source, E.E007, fmt=fmt, record=record, detail="not an object")
        else:
            yield record_document(source, row, fmt, key, record, s)


def _json_rows(source: str, text: str) -> Iterator[tuple[int, Any]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield 0, _reject(source, E.E007, fmt="json", record=0, detail=exc.msg)
            return
        yield from enumerate(items if isinstance(items, list) else [items])
        return
    for record, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            yield record, json.loads(line)
        except json.JSONDecodeError as exc:
            yield record, _reject(source, E.E007, fmt="jsonl", record=record, detail=exc.msg)


def _read_jsonl(
    source: str, text: str, digest: str, s: IngestSettings, skip: Container[str]
) -> Iterator[Item]:
    yield from _records(source, _json_rows(source, text), "jsonl", digest, s, skip)


def _csv_rows(source: str, text: str, tab: bool, limit: int) -> Iterator[tuple[int, Any]]:
    csv.field_size_limit(max(limit, csv.field_size_limit()))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if tab else ",")
    record = 0
    try:
        for record, row in enumerate(reader):
            if None in row:
                detail = f"{len(row[None])} more cells than the header"  # type: ignore[index]
                yield record, _reject(source, E.E007, fmt="csv", record=record, detail=detail)
            else:
                yield record, row
    except csv.Error as exc:
        yield record, _reject(source, E.E007, fmt="csv", record=record + 1, detail=str(exc))


def _read_csv(
    source: str, text: str, digest: str, s: IngestSettings, skip: Container[str], tab: bool
) -> Iterator[Item]:
    rows = _csv_rows(source, text, tab, s.max_bytes)
    yield from _records(source, rows, "csv", digest, s, skip)


# --------------------------------------------------------------------------- feeds, WARC


def _read_feed(source: str, data: bytes, digest: str, skip: Container[str]) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # a file object: never a URL to fetch
    outlet = str(parsed.feed.get("title", "") or "")
    for record, entry in enumerate(parsed.entries):
        key = f"{digest}:{record}"
        if key in skip:
            continue
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        text = _strip_tags(str(body or ""))
        meta = {
            "title": _strip_tags(str(entry.get("title", ""))),
            "url": str(entry.get("link", "")),
            "date": str(entry.get("published", "") or entry.get("updated", "")),
            "outlet": outlet,
        }
        meta = {k: v for k, v in meta.items() if v}
        if "date" in meta:
            meta["date_provenance"] = "container"
        if not text and "title" in meta:
            text, meta["headline_only"] = meta["title"], "1"
        if not text:
            yield _reject(source, E.E011, fmt="feed", record=record, fields="summary")
            continue
        yield RawDocument(f"{source}#{record}", text, "feed", key, record, meta=meta)


def _read_warc(source: str, data: bytes, digest: str, skip: Container[str]) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    record = -1
    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type != "response":
                continue
            ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else ""
            if ctype and "html" not in ctype.lower():
                continue
            record += 1
            key = f"{digest}:{record}"
            payload = rec.content_stream().read()
            if key in skip or not payload:
                continue
            yield _warc_item(source, rec, payload, key, record)
    except Exception as exc:  # warcio raises plain exceptions on truncated archives
        yield _reject(source, E.E007, fmt="warc", record=record + 1, detail=str(exc)[:200])


def _warc_item(source: str, rec: Any, payload: bytes, key: str, record: int) -> Item:
    url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    meta = {"url": url, "crawl_date": rec.rec_headers.get_header("WARC-Date") or ""}
    try:
        html, encoding = decode_bytes(payload)
    except _DecodeError as exc:
        return _reject(f"{source}#{record}", exc.code, detail=exc.detail)
    return html_document(f"{source}#{record}", html, key, encoding, record, meta)


# --------------------------------------------------------------------------- containers


def _read_gz(
    source: str,
    name: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            inner = fh.read(settings.max_bytes + 1)
    except (OSError, EOFError) as exc:
        yield _reject(source, E.E010, detail=str(exc))
        return
    if len(inner) > settings.max_bytes:
        yield _reject(
            source, E.E004, size=f"more than {settings.max_bytes}", limit=settings.max_bytes
        )
        return
    if not inner:
        yield _reject(source, E.E002)
        return
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    yield from _dispatch(source, inner_name, inner, digest, settings, skip)


def _member(
    source: str,
    member: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    key = f"{digest}:{member}"
    where = f"{source}!{member}"
    if key in skip:
        return
    if not data:
        yield _reject(where, E.E002)
        return
    yield from _dispatch(where, member, data, key, settings, skip)


def _read_zip(
    source: str, data: bytes, digest: str, settings: IngestSettings, skip: Container[str]
) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        yield _reject(source, E.E010, detail=str(exc))
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            parts = info.filename.split("/")
            if info.is_dir() or any(_hidden(p) for p in parts):
                continue
            if info.file_size > settings.max_bytes:
                where = f"{source}!{info.filename}"
                yield _reject(where, E.E004, size=info.file_size, limit=settings.max_bytes)
                continue
            try:
                blob = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                yield _reject(f"{source}!{info.filename}", E.E010, detail=str(exc))
                continue
            yield from _member(source, info.filename, blob, digest, settings, skip)


def _read_tar(
    source: str, data: bytes, digest: str, settings: IngestSettings, skip: Container[str]
) -> Iterator[Item]:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            yield from _tar_members(source, archive, digest, settings, skip)
    except (tarfile.TarError, OSError, EOFError) as exc:
        yield _reject(source, E.E010, detail=str(exc))


def _tar_members(
    source: str,
    archive: tarfile.TarFile,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    members = sorted((m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name)
    for info in members:
        if any(_hidden(p) for p in info.name.split("/")):
            continue
        if info.size > settings.max_bytes:
            where = f"{source}!{info.name}"
            yield _reject(where, E.E004, size=info.size, limit=settings.max_bytes)
            continue
        fh = archive.extractfile(info)
        blob = fh.read() if fh is not None else b""
        yield from _member(source, info.name, blob, digest, settings, skip)
