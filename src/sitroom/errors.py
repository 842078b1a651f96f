"""One catalogue of error messages with stable codes.

Library code raises :class:`SitroomError` (or returns :class:`~sitroom.records.Rejected`
for inputs set aside); the CLI turns them into one-line messages. Codes never change
meaning: a new situation gets a new code.
"""

from __future__ import annotations

from enum import StrEnum


class E(StrEnum):
    """Error codes and their message templates."""

    E001 = "file not found: {path}"
    E002 = "empty file"
    E003 = "binary file (NUL bytes or non-text content)"
    E004 = "file too large: {size} bytes, limit {limit} bytes (raise --max-bytes)"
    E005 = "cannot decode text: {detail}"
    E006 = "unreadable file: {detail}"
    E007 = "malformed {fmt} record {record}: {detail}"
    E008 = "no article text after cleaning"
    E009 = "unsupported input format: {detail}"
    E010 = "archive member unreadable: {detail}"
    E020 = "unknown coder {name!r}; registered coders: {known}"
    E021 = "spaCy pipeline {name!r} is not installed: {detail}"
    E022 = "invalid configuration: {detail}"
    E030 = "database {path} was written by a newer sitroom (schema {found}, this one knows {known})"
    E033 = (
        "the store {path} is damaged or is not a sitroom store: {detail} (`sitroom check` reads"
        " all of it; restore a copy or build a new store with `sitroom run`)"
    )
    E034 = (
        "the store {path} is in use by {detail}: DuckDB lets one process write a store and no"
        " other open it meanwhile; wait until it finishes (a `sitroom serve` of the store does"
        " not block writers: they publish snapshots to it)"
    )
    E031 = "unknown export format {fmt!r}; choose one of {known}"
    E032 = "invalid input line {line}: {detail}"
    E040 = "invalid date {value!r}: expected YYYY-MM-DD"
    E041 = "invalid dyad {value!r}: expected two actor codes such as RUS-UKR"
    E050 = "invalid actor base file {path}: {detail}"
    E051 = "invalid vocabulary file {path}: {detail}"
    E011 = "empty {fmt} record {record} skipped: no title and no {fields}"
    E012 = "unreadable folder: {detail}"
    E013 = "symbolic link loop, not followed: {detail}"
    E014 = "archives nested more than {limit} deep: not opened (raise ingest.max_archive_depth)"
    E015 = (
        "archive unpacks to more than {limit} bytes in total: the rest of the file is not read"
        " (raise ingest.max_unpacked_bytes)"
    )
    E016 = (
        "unsafe archive member ({detail}): not read (members are read in memory only, never"
        " written to disk)"
    )
    E017 = "{count} {fmt} records without {fields}: stored by their headline only"
    E018 = (
        "no {fields} column in the {fmt} header (columns: {columns}): records stored by their"
        " headline only (name the text column with --text-field)"
    )
    E019 = (
        "no {fields} and no {title} column in the {fmt} header (columns: {columns}): nothing to"
        " read (name the columns with --text-field and --title-field)"
    )
    E060 = (
        "reader failed on this input, the rest of it is not read (a bug: please report it):"
        " {detail}"
    )
    E025 = "unknown engine {name!r}; choose one of {known}"
    E026 = "Dask cluster unavailable ({address}): {detail}"
    E070 = "cannot fetch {url}: {detail}"
    E061 = "internal error, the command stopped (a bug: please report it): {detail}"
    E042 = "invalid cursor {value!r}: pass back the next_cursor of a previous page unchanged"
    E043 = "invalid {name} {value!r}: {detail}"
    E023 = "no trained quad model at {path}: build it with `make quad-model` (needs ../shared)"
    E024 = "quote model at {path} cannot be loaded: {detail} (SITROOM_QUOTES_MODEL=none skips it)"

    def render(self, **kwargs: object) -> str:
        """The one-line message: code, then the template filled in."""
        return f"{self.name}: {self.value.format(**kwargs)}"


class SitroomError(Exception):
    """An expected failure with a stable code and a one-line message."""

    def __init__(self, code: E, **kwargs: object) -> None:
        self.code = code
        self.message = code.render(**kwargs)
        super().__init__(self.message)
