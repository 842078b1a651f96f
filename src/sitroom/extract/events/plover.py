"""PLOVER event types and modes, with the derived CAMEO code, Goldstein score and quad class.

The table lives in ``data/cameo.json`` (our own crosswalk: for every PLOVER type its CAMEO root,
the most typical CAMEO sub-code, and a sub-code per mode; Goldstein scores are the published
values for those codes). Quad classes follow the PLOVER manual: 1 verbal cooperation,
2 material cooperation, 3 verbal conflict, 4 material conflict.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from pydantic import BaseModel, ConfigDict, model_validator

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


class TypeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    quad_class: int
    root: str
    default: str
    modes: dict[str, str]


class CameoTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    types: dict[str, TypeEntry]
    goldstein: dict[str, float]

    @model_validator(mode="after")
    def _complete(self) -> CameoTable:
        missing = set(PLOVER_TYPES) - set(self.types)
        if missing:
            raise ValueError(f"types missing from the CAMEO table: {sorted(missing)}")
        for name, entry in self.types.items():
            if entry.quad_class not in (1, 2, 3, 4):
                raise ValueError(f"{name}: quad_class must be 1-4")
            for code in (entry.root, entry.default, *entry.modes.values()):
                if code not in self.goldstein:
                    raise ValueError(f"{name}: CAMEO code {code} has no Goldstein score")
        return self


@dataclass(frozen=True, slots=True)
class Codes:
    """The comparison codes derived for one PLOVER type and mode."""

    cameo: str
    goldstein: float
    quad_class: int


@functools.lru_cache(maxsize=1)
def cameo_table() -> CameoTable:
    """The validated type/mode -> CAMEO/Goldstein/quad table (loaded once)."""
    raw = resources.files("sitroom").joinpath("data/cameo.json").read_text(encoding="utf-8")
    return CameoTable.model_validate(json.loads(raw))


def modes_of(event_type: str) -> list[str]:
    """The modes known for ``event_type`` (empty when the manual gives none)."""
    return sorted(cameo_table().types[event_type].modes)


def derive_codes(event_type: str, mode: str | None = None, cameo: str | None = None) -> Codes:
    """CAMEO code, Goldstein score and quad class for a PLOVER type and mode.

    ``cameo`` overrides the table's choice of sub-code (a lexicon entry may know better, e.g.
    military aid is 072); it is ignored unless it has a Goldstein score.
    """
    table = cameo_table()
    entry = table.types[event_type]
    code = entry.modes.get(mode or "", entry.default)
    if cameo is not None and cameo in table.goldstein:
        code = cameo
    return Codes(cameo=code, goldstein=table.goldstein[code], quad_class=entry.quad_class)
