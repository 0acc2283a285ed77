"""Login throttling: failures per username and per address slow logins, then refuse them."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


@dataclass(frozen=True)
class Verdict:
    """What to do with a login attempt before checking the password."""

    refuse: bool
    delay_s: float
    retry_after_s: int


class LoginThrottle:
    """Count failed logins in a moving window, in this process's memory.

    Each worker process keeps its own counts, so with N workers an attacker gets
    at most N times the allowance; that still turns guessing into a crawl.
    """

    def __init__(
        self,
        *,
        per_username: int = 5,
        per_address: int = 20,
        window_minutes: int = 15,
        slow_after: int = 2,
        delay_step_s: float = 0.5,
        max_delay_s: float = 3.0,
    ) -> None:
        self.user_limit: RateLimitItem = RateLimitItemPerMinute(per_username, window_minutes)
        self.address_limit: RateLimitItem = RateLimitItemPerMinute(per_address, window_minutes)
        self.slow_after = slow_after
        self.delay_step_s = delay_step_s
        self.max_delay_s = max_delay_s
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, username: str, address: str) -> Verdict:
        """Return whether to refuse this attempt, and how long to stall it first."""
        checks = (
            (self.user_limit, "u", username.strip().lower()),
            (self.address_limit, "a", address),
        )
        failures, retry_after = 0, 0
        for item, kind, key in checks:
            stats = self._limiter.get_window_stats(item, kind, key)
            used = item.amount - stats.remaining
            failures = max(failures, used)
            if stats.remaining <= 0:
                retry_after = max(retry_after, math.ceil(stats.reset_time - time.time()))
        if retry_after:
            return Verdict(refuse=True, delay_s=0.0, retry_after_s=max(retry_after, 1))
        over = max(0, failures - self.slow_after + 1)
        return Verdict(False, min(self.max_delay_s, over * self.delay_step_s), 0)

    def record_failure(self, username: str, address: str) -> None:
        """Count one failed login against the username and the address."""
        self._limiter.hit(self.user_limit, "u", username.strip().lower())
        self._limiter.hit(self.address_limit, "a", address)

    def record_success(self, username: str) -> None:
        """Forget the username's failures once its owner has logged in."""
        self._limiter.clear(self.user_limit, "u", username.strip().lower())
