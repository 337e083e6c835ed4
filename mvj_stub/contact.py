"""Telephone numbers and e-mail addresses: how they are compared.

Stored and shown as typed; searched in a normalised form, so that
``0701740605``, ``070-174 06 05`` and ``+46 70 174 06 05`` are one number.
"""

from __future__ import annotations

import re

_PHONE_CHARS = re.compile(r"^\+?[\d\s\-()]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_phone(text: str) -> bool:
    """Only the characters a phone number is written with (digits, +, spaces, - and ())."""
    return bool(_PHONE_CHARS.match(text))


def normalize_phone(text: str) -> str | None:
    """National digits (``07…``) of a Swedish number, or ``None`` if it is not one.

    Accepts spaces, hyphens and parentheses, a ``+46``/``0046`` prefix, and
    the ``(0)`` some people write after the country code.
    """
    raw = text.strip()
    if not raw or not _PHONE_CHARS.match(raw):
        return None
    raw = raw.replace("(0)", "")
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        if not digits.startswith("46"):
            return None
        digits = "0" + digits[2:]
    elif digits.startswith("0046"):
        digits = "0" + digits[4:]
    if not digits.startswith("0") or digits.startswith("00"):
        return None
    # Swedish numbers are 8–10 digits with the leading 0 (mobiles are 10).
    if not 8 <= len(digits) <= 10:
        return None
    return digits


def is_mobile(national_digits: str) -> bool:
    return len(national_digits) == 10 and national_digits.startswith("07")


def normalize_email(text: str) -> str | None:
    """Lower-cased address, or ``None`` if it is not an e-mail address."""
    candidate = text.strip()
    if not _EMAIL.match(candidate):
        return None
    return candidate.casefold()
