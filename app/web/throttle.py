"""Login throttling that slows an attacker without locking the owner out.

Failures are counted per (username, address) and per address, in the database so
that every web process and thread sees the same counts. After a few free failures
each one doubles the time before the next attempt from that address is heard. The
username alone is never a key: wrong passwords sent from elsewhere cannot keep the
owner, at an address with no failures, from logging in.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.queries import throttles as q

USER_ADDRESS = q.ThrottleRule(
    "user-address", free=3, window_s=3600, first_delay_s=1.0, max_delay_s=900.0
)
ADDRESS = q.ThrottleRule("address", free=10, window_s=3600, first_delay_s=1.0, max_delay_s=900.0)


@dataclass(frozen=True)
class Verdict:
    """Whether to hear a login attempt now; if not, how long until it will be."""

    refuse: bool
    retry_after_s: int


def delay_after(rule: q.ThrottleRule, failures: int) -> float:
    """Return how long to refuse attempts after the given number of failures."""
    over = failures - rule.free - 1
    if over < 0:
        return 0.0
    return min(rule.max_delay_s, rule.first_delay_s * 2.0 ** min(over, 30))


class LoginThrottle:
    """Check and record login attempts against the shared counts."""

    def __init__(
        self,
        *,
        per_user_address: q.ThrottleRule = USER_ADDRESS,
        per_address: q.ThrottleRule = ADDRESS,
    ) -> None:
        self.rules = (per_user_address, per_address)

    def _keys(self, username: str, address: str) -> list[tuple[q.ThrottleRule, str]]:
        user_rule, address_rule = self.rules
        return [(user_rule, f"{username.strip().lower()}@{address}"), (address_rule, address)]

    def check(self, session: Session, username: str, address: str, *, now: dt.datetime) -> Verdict:
        """Return whether to refuse this attempt without checking its password."""
        keys = [(rule.scope, key) for rule, key in self._keys(username, address)]
        until = q.get_blocked_until(session, keys, now=now)
        if until is None:
            return Verdict(False, 0)
        return Verdict(True, max(1, math.ceil((until - now).total_seconds())))

    def record_failure(
        self, session: Session, username: str, address: str, *, now: dt.datetime
    ) -> None:
        """Count a failed login; block further attempts for the grown delay. Caller commits."""
        for rule, key in self._keys(username, address):
            failures = q.record_failure(session, rule, key, now=now)
            delay = delay_after(rule, failures)
            if delay:
                q.mark_blocked(session, rule.scope, key, until=now + dt.timedelta(seconds=delay))

    def record_success(self, session: Session, username: str, address: str) -> None:
        """Forget this user's failures from this address. Caller commits."""
        rule, key = self._keys(username, address)[0]
        q.clear_throttle(session, rule.scope, key)
