"""Per-process results of the costly stance computations, kept until the data changes.

The stance rules read every tag of the pairs they cover; on a large archive that takes
seconds. A statement trigger counts every write to claims, actors and topics (migration
0006), so a result computed at version v stays right until the version moves on. The version
is read before the data, so a result is never older than the version it is filed under.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from app.queries.stances import get_stance_version

T = TypeVar("T")
MAX_ENTRIES = 64  # topics, filtered feeds and matrices; each entry is small


class StanceCache:
    """A bounded map from a key to (version, result)."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the result for key at the current version, computing it when missing."""
        version = get_stance_version(session)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == version:
                self._entries.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return value


_CREATE = threading.Lock()


def stance_cache(request: Request) -> StanceCache:
    """Return the app's cache, made on first use."""
    cache = getattr(request.app.state, "stance_cache", None)
    if cache is None:
        with _CREATE:
            cache = getattr(request.app.state, "stance_cache", None) or StanceCache()
            request.app.state.stance_cache = cache
    return cache  # type: ignore[no-any-return]
