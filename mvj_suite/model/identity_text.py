"""Identity numbers hidden in what a browser sends: every way a page could write one.

The wire guard (``mvj_suite.live.wire_rules``) must recognise a personnummer,
samordningsnummer or reservnummer however a page encodes it: with any run of
separators (``1964.08.23-3234``, ``19640823--3234``, ``640823_3234``), behind a
letter (``P196408233234``), percent-encoded twice, as HTML entities, as
``\\u`` escapes, with a zero-width space inside, or in a UTF-16 body. Each
text is read in all those ways (``readings``), and every number shape found is
checked against the suite's own reading of identity numbers: an invalid shape
(wrong check digit, no such date) is no one's number.

A ten-digit number does not say its century for certain (``+`` marks a person of
a hundred years or more, but a form-encoded space is a ``+`` too), so a match
yields every twelve-digit number it can stand for; it is someone the suite knows
if any of them is.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import unquote, unquote_plus

from mvj_suite.model.identities import IdentityError, parse_identity

# Separators a page might put between the parts of a number: hyphen, plus, any
# whitespace (no-break spaces included), any dash or minus, dot, slash, underscore.
_SEPARATOR = r"[-+\s\u00a0\u2007\u202f\u2010-\u2015\u2212./_]"
_RUN = f"{_SEPARATOR}*"
# Year (four or two digits), month and day, each part optionally set apart by a run of
# separators; then a run before the last four. Overlapping matches (the look-ahead),
# because "12 19640823-3234" must not hide the number behind a false start. A letter
# may come before (P196408233234), a digit may not: then it is part of a longer number.
_SHAPE = re.compile(
    rf"(?<!\d)(?=((\d{{4}}|\d{{2}}){_RUN}(\d{{2}}){_RUN}(\d{{2}})({_RUN})(\d{{4}}))(?!\d))"
)
# Characters that print as nothing: a page may hide them inside a number.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"))
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_MAX_DECODING_ROUNDS = 6  # %25252F… stops here; a page gains nothing by going deeper


def candidates(text: str) -> list[frozenset[str]]:
    """Each valid identity number in ``text``, as the twelve-digit numbers it can be."""
    found: list[frozenset[str]] = []
    for reading in readings(text):
        for match in _SHAPE.finditer(reading):
            _, date_year, month, day, _separator, last_four = match.groups()
            numbers = _interpretations(date_year + month + day, last_four)
            if numbers:
                found.append(numbers)
    return found


def numbers_in(text: str) -> set[str]:
    """Every twelve-digit number ``text`` may carry (to learn what a journal showed)."""
    return {number for found in candidates(text) for number in found}


def strangers(texts: Iterable[str], known: set[str] | frozenset[str]) -> int:
    """How many valid identity numbers in ``texts`` are none of ``known``."""
    return len({found for text in texts for found in candidates(text) if found.isdisjoint(known)})


_DATE_PART = re.compile(rf"^{_RUN}(?:\d{{8}}|\d{{6}}|\d{{4}}{_RUN}\d{{2}}{_RUN}\d{{2}}|"
                        rf"\d{{2}}{_RUN}\d{{2}}{_RUN}\d{{2}}){_RUN}$")
_LAST_FOUR = re.compile(rf"^{_RUN}\d{{4}}{_RUN}$")


def joined_fragments(values: Sequence[str], *, in_order: bool) -> list[str]:
    """A number split over two values, for ``candidates``: a birth date joined with a
    value of four digits.

    ``in_order``: the page chose the order (a query's or a form's fields), and a page
    that splits a number writes its parts one after the other, so only a date and the
    value right after it are joined. A form's birth date and a four-digit value further
    on (a mistyped postnummer) would otherwise read as a number one time in ten. The
    browser orders headers and cookies itself, so there every pair is joined. Either
    way only values that are nothing but those digits count."""
    values = [value.strip() for value in values]
    pairs = itertools.pairwise(values) if in_order else itertools.permutations(values, 2)
    return [f"{date}-{last}" for date, last in pairs
            if len(date) <= 40 and _DATE_PART.match(date) and _LAST_FOUR.match(last)]


def _interpretations(digits: str, last_four: str) -> frozenset[str]:
    """The valid twelve-digit numbers a match stands for (none: it is no one's).

    Twelve digits are a personnummer, a samordningsnummer or a reservnummer; ten
    have no century, so they are read both as under and as over a hundred years."""
    separators = ("-", "+") if len(digits) == 6 else ("",)
    numbers = set()
    for separator in separators:
        with contextlib.suppress(IdentityError):
            numbers.add(parse_identity(digits + separator + last_four).digits)
    return frozenset(numbers)


def readings(text: str) -> Iterator[str]:
    """``text`` as sent and as each decoding a server might apply would read it.

    Percent-encoding (``+`` as a space or as itself), HTML entities and ``\\u``
    escapes are undone until the text stops changing; invisible characters go.
    """
    seen: set[str] = set()
    pending = [text]
    for _ in range(_MAX_DECODING_ROUNDS + 1):
        pending = [reading for reading in dict.fromkeys(pending) if reading not in seen]
        seen.update(pending)
        yield from pending
        pending = [decoded for reading in pending for decoded in _decoded_once(reading)]


def _decoded_once(text: str) -> list[str]:
    decoded = [
        text.translate(_INVISIBLE),
        unquote(text),
        unquote_plus(text),
        html.unescape(text),
        _UNICODE_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text),
    ]
    with contextlib.suppress(ValueError):
        # JSON decodes its own escapes (\u0031, \/ …); dumped back without them.
        decoded.append(json.dumps(json.loads(text), ensure_ascii=False))
    return decoded


_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def body_texts(body: bytes, content_type: str) -> list[str]:
    """A request body as text, in its declared charset and in every likely other one.

    A page may declare one charset and send another, or none at all: UTF-8, the
    declared one, UTF-16 (a body with NUL bytes or a byte-order mark) and Latin-1
    (which reads any byte) are all read.
    """
    if not body:
        return []
    charsets = ["utf-8"]
    declared = _CHARSET.search(content_type or "")
    if declared:
        charsets.append(declared[1].lower())
    if b"\x00" in body or body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charsets += ["utf-16", "utf-16-le", "utf-16-be", "utf-32"]
    charsets.append("latin-1")
    texts: list[str] = []
    for charset in dict.fromkeys(charsets):
        with contextlib.suppress(LookupError):  # one Python does not know: the others read it
            texts.append(body.decode(charset, errors="replace"))
    return list(dict.fromkeys(texts))


_MASK_SOURCE = re.compile(rf"\d(?:{_RUN}\d)*")


def mask_numbers(text: str) -> str:
    """``text`` with each run of digits that holds a valid identity number masked, so a
    reason or a path can be shown without the number in it."""
    return _MASK_SOURCE.sub(lambda match: "*" if candidates(match[0]) else match[0], text)
