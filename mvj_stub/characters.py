"""Control characters: refused in every text the stub accepts, escaped in its log.

A control character has no business in a name, an address or a search text:
NUL truncates strings in other systems, CR/LF forge lines in logs and exports,
and none of them can be typed into a form on purpose. C0 (tab, CR and LF
included), DEL and C1 are refused.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FORBIDDEN = "otillåtna tecken."
# What the log escapes: control characters, the Unicode line and paragraph separators
# (some log viewers break lines there), the space (a line is "time method path status",
# and a path must not add fields of its own) and the backslash, so an escape sequence
# in the log always comes from the stub and never from the request.
_LOG_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\\]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def forbidden_characters(label: str) -> str:
    """The field message, in the journal's style: ``Förnamn: otillåtna tecken.``"""
    return f"{label}: {FORBIDDEN}"


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_for_log(text: str) -> str:
    """``text`` as one log field: every unsafe character as ``\\xNN`` or ``\\uNNNN``."""
    return _LOG_UNSAFE.sub(_escaped, text)


# The shape of a personnummer, samordningsnummer or reservnummer: a date (year of four or
# two digits, month, day) and four digits, with any separators between the parts
# (valid or not: the log does not judge).
_SEPARATORS = r"[-+\s._/\u2010-\u2015\u2212]*"
_NUMBER_LIKE = re.compile(rf"(?<!\d)(?:\d{{4}}|\d{{2}}){_SEPARATORS}\d{{2}}{_SEPARATORS}\d{{2}}"
                          rf"{_SEPARATORS}\d{{4}}(?!\d)")
MASKED_NUMBER = "[nummer]"


def mask_numbers(text: str) -> str:
    """``text`` with everything shaped like an identity number masked: a path such as
    ``/kunder/19121212-1212`` is logged as ``/kunder/[nummer]``."""
    return _NUMBER_LIKE.sub(MASKED_NUMBER, text)
