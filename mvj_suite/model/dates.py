"""Dates as the profile writes them: exactly ÅÅÅÅ-MM-DD."""

from __future__ import annotations

import re
from datetime import date

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(text: str) -> date | None:
    """The day ``text`` names, or None. YAML hands a date over as a ``date`` and a time
    as a ``datetime``: ``str()`` of the first passes, of the second (with its time) not."""
    text = text.strip()
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
