"""How one input file is read: its settings, the keys to skip, and what it may still unpack.

An archive can hold archives; each level opened counts against ``max_archive_depth``, and
every byte that decompression produces (a ``.gz`` member, a zip member, a compressed tar
stream, a gzipped WARC record) counts against one budget per input file,
``IngestSettings.unpacked_limit``, shared by all its levels.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace

from sitroom.config import IngestSettings


@dataclass(slots=True)
class Budget:
    """Decompressed bytes one input file may still produce; ``spent`` once it ran out."""

    left: int
    spent: bool = False

    def take(self, n: int) -> bool:
        """Count ``n`` more bytes; False (nothing counted, the budget spent) past the limit."""
        if n > self.left:
            self.spent = True
            return False
        self.left -= n
        return True


@dataclass(frozen=True, slots=True)
class Scope:
    """The reading of one input file: settings, keys already stored, archive depth, budget."""

    settings: IngestSettings
    skip: Container[str]
    budget: Budget
    depth: int = 0

    @classmethod
    def start(cls, settings: IngestSettings, skip: Container[str] = ()) -> Scope:
        return cls(settings, skip, Budget(settings.unpacked_limit))

    def inner(self) -> Scope:
        """The scope of an archive's members: one level deeper, the same budget."""
        return replace(self, depth=self.depth + 1)
