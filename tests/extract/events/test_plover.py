"""The PLOVER -> CAMEO / Goldstein / quad table."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED
from sitroom.extract.events.plover import PLOVER_TYPES, cameo_table, derive_codes, modes_of


def test_every_type_has_codes_and_quad_per_manual() -> None:
    quads = {t: derive_codes(t).quad_class for t in PLOVER_TYPES}
    assert {t for t, q in quads.items() if q == 1} == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
    assert {t for t, q in quads.items() if q == 2} == {"COOPERATE", "AID", "RETREAT"}
    assert {t for t, q in quads.items() if q == 3} == {"REQUEST", "ACCUSE", "REJECT", "THREATEN"}


def test_modes_pick_sub_codes() -> None:
    assert derive_codes("CONSULT", "phone").cameo == "041"
    assert derive_codes("THREATEN", "violence").cameo == "138"
    assert derive_codes("MOBILIZE", "troops").cameo.startswith("15")
    assert derive_codes("AID", None, cameo="072").cameo == "072"
    assert "violence" in modes_of("THREATEN")
    assert derive_codes("ASSAULT").goldstein < 0 < derive_codes("AGREE").goldstein


def test_goldstein_values_match_published_scale() -> None:
    path = SHARED / "data" / "cameo" / "goldstein.json"
    if not path.is_file():
        pytest.skip("Goldstein table not present")
    published = json.loads(path.read_text(encoding="utf-8"))
    for code, score in cameo_table().goldstein.items():
        assert published[code] == score
