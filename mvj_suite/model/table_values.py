"""The values a scenario table writes in words, turned into what is typed.

A feature file says what a field holds in the words of a tester: ``"Anna"``
(that text), ``101 tecken`` (a text of that length), ``i morgon`` (tomorrow's
date) or ``inget`` (empty). One function reads them all, so every step that
types a table value reads it the same way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# Letters a journal may mangle (å ä ö é ü, hyphens), and no blank at either end.
_FILLER = "Märta-Åsa Ölund-Éüllner "


def tomorrow(today: date | None = None) -> date:
    """The nearest birth date that is in the future."""
    return (today or date.today()) + timedelta(days=1)


def table_value(words: str, today: date | None = None) -> str:
    """``"text"`` -> text, ``N tecken`` -> N characters, ``i morgon`` -> tomorrow's
    date (ÅÅÅÅ-MM-DD), ``inget`` -> "". Anything else is a mistake in the scenario."""
    quoted = re.fullmatch(r'"(.*)"', words)
    if quoted:
        return quoted[1]
    length = re.fullmatch(r"(\d+) tecken", words)
    if length:
        count = int(length[1])
        return ((_FILLER * (count // len(_FILLER) + 1))[: count - 1] + "ö").strip()
    if words == "i morgon":
        return tomorrow(today).isoformat()
    if words == "inget":
        return ""
    raise ValueError(f"Okänt värde i scenariot: {words!r}")
