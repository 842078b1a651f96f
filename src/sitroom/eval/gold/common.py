"""What the two gold evaluations share: reading gold files, choosing annotators, ratios, and
the guard on error listings (they quote the shared texts, so they never go into the repository,
and the check half's errors are not listed while tuning)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from sitroom.errors import E, SitroomError

M = TypeVar("M", bound=BaseModel)
SplitChoice = Literal["tune", "check", "all"]
SPLITS = ("tune", "check")
#: Annotators left out unless named: ``c`` is the double annotation, for agreement only.
AGREEMENT_ONLY = frozenset({"c"})
_ANNOTATION_FILE = re.compile(r"^annotations_(?P<name>[A-Za-z0-9-]+)\.jsonl$")


def read_jsonl(path: Path, model: type[M]) -> list[M]:
    """Validated records of a JSON-lines file; E001 when it is missing, E032 on a bad line."""
    if not path.is_file():
        raise SitroomError(E.E001, path=path)
    out: list[M] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(model.model_validate_json(line))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                detail = f"{path}: {where}: {first['msg']}" if where else f"{path}: {first['msg']}"
                raise SitroomError(E.E032, line=n, detail=detail) from exc
    return out


def annotators_in(gold_dir: Path) -> list[str]:
    """Annotators with a file in ``gold_dir``, in name order, agreement-only ones left out."""
    names = [
        m["name"]
        for p in gold_dir.glob("annotations_*.jsonl")
        if (m := _ANNOTATION_FILE.match(p.name))
    ]
    return sorted(n for n in names if n not in AGREEMENT_ONLY)


def annotation_files(gold_dir: Path, annotators: Sequence[str] | None) -> list[tuple[str, Path]]:
    """``(annotator, file)`` in priority order: the given annotators, else every file's."""
    names = list(annotators) if annotators else annotators_in(gold_dir)
    if not names:
        raise SitroomError(E.E001, path=gold_dir / "annotations_*.jsonl")
    return [(n, gold_dir / f"annotations_{n}.jsonl") for n in names]


def wanted(split: str, choice: SplitChoice) -> bool:
    return choice == "all" or split == choice


def ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def prf(tp: int, n_system: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall and F1 of ``tp`` hits among ``n_system`` found and ``n_gold`` gold."""
    p = tp / n_system if n_system else None
    r = tp / n_gold if n_gold else None
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
    if f1 is None and p is not None and r is not None:
        f1 = 0.0
    return {
        "tp": tp,
        "precision": None if p is None else round(p, 4),
        "recall": None if r is None else round(r, 4),
        "f1": None if f1 is None else round(f1, 4),
    }


def repository_roots(*anchors: Path) -> list[Path]:
    """Folders holding a ``.git`` above any of ``anchors`` (the repositories to keep clean)."""
    roots: list[Path] = []
    for anchor in anchors:
        for folder in [anchor.resolve(), *anchor.resolve().parents]:
            if (folder / ".git").exists() and folder not in roots:
                roots.append(folder)
                break
    return roots


def check_errors_target(
    path: Path, split: SplitChoice, i_know: bool, anchors: Iterable[Path]
) -> Literal["tune", "check"]:
    """The half whose errors may be written to ``path``; raise E043 when none may.

    Error listings quote the shared texts: they go outside every repository. Only the tuning
    half's errors are listed, unless ``split`` is ``check`` and ``i_know`` is given (never look
    at check-half errors while tuning: the check half is the held-out figure).
    """
    target = path.resolve()
    for root in repository_roots(Path.cwd(), *anchors):
        if target == root or root in target.parents:
            raise SitroomError(
                E.E043,
                name="--errors file",
                value=str(path),
                detail=f"it lies inside the repository {root}; error listings quote the shared"
                " texts, write them outside it",
            )
    if split == "check" and not i_know:
        raise SitroomError(
            E.E043,
            name="--errors with --split",
            value="check",
            detail="check-half errors must not be read while tuning; add --i-know only when"
            " tuning is over",
        )
    return "check" if split == "check" else "tune"


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n
