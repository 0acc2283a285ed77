"""Text that editors type, made safe to store: no NUL or other control characters."""

from __future__ import annotations

import re

# C0 controls except tab, newline and carriage return, plus DEL; PostgreSQL refuses NUL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Drop control characters and surrounding whitespace."""
    return _CONTROLS.sub("", value).strip()


def clean_line(value: str) -> str:
    """Drop control characters and collapse all whitespace to single spaces."""
    return " ".join(_CONTROLS.sub("", value).split())
