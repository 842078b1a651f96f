"""The rules coder's registered name and the stable ids of the events it codes.

An event id is a digest of the article, the trigger's character offset and the event type, so
coding the same article again gives the same ids.
"""

from __future__ import annotations

import hashlib

#: The name the rules coder is registered under (and writes into every event it codes).
CODER_NAME = "rules.v1"


def event_id(article_id: str, start: int, etype: str) -> str:
    """The id of the event of type ``etype`` whose trigger starts at ``start`` in the article."""
    return hashlib.sha1(f"{article_id}|{start}|{etype}".encode()).hexdigest()[:16]
