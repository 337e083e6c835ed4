"""The journal's PU client: one lookup, one tagged result.

``PuClient.lookup`` never raises for anything PU does: every answer becomes
one of ``Found``, ``NotFound``, ``Protected`` or ``Unavailable``. A protected
person (sekretessmarkering or skyddad folkbokföring) becomes ``Protected``,
which carries no data at all — the journal cannot show what it never gets.
Anything the client cannot read with certainty fails closed as
``Unavailable``, never as ``Found``.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeAlias
from urllib.parse import quote

from mvj_stub.breaks import broken

_NUMBER = re.compile(r"^\d{12}$")
_SEXES = ("Kvinna", "Man", "Okänt")


@dataclass(frozen=True)
class Found:
    """An unprotected person. Contact items are ``None`` unless the person shares them."""

    nummer: str
    fornamn: str
    efternamn: str
    kon: str  # Kvinna | Man | Okänt
    fodelsedatum: str  # ÅÅÅÅ-MM-DD
    care_of: str
    utdelningsadress: str
    postnummer: str  # "NNN NN", or "" when PU has none ("0")
    ort: str
    avliden: bool  # deregistered with reason AV
    mobiltelefon: str | None
    epost: str | None


@dataclass(frozen=True)
class NotFound:
    """PU gave an empty answer."""


@dataclass(frozen=True)
class Protected:
    """Sekretessmarkering or skyddad folkbokföring. Deliberately carries nothing."""


class UnavailableReason(StrEnum):
    TIMEOUT = "timeout"  # no answer within the client's time-out
    FAULT = "fel"  # a fault, a refused connection or an unreadable answer


@dataclass(frozen=True)
class Unavailable:
    reason: UnavailableReason
    detail: str  # for logs; never contains personal data


PuResult: TypeAlias = Found | NotFound | Protected | Unavailable


class _MalformedAnswer(Exception):
    pass


class PuClient:
    def __init__(self, base_url: str, timeout_s: float, secret: str) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self._authorization = f"Bearer {secret}"  # never in the repr
        # No proxies: the service is on loopback and an HTTP(S)_PROXY variable must not
        # route PU lookups elsewhere.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __repr__(self) -> str:
        return f"PuClient({self.base_url!r}, timeout_s={self.timeout_s})"

    def lookup(self, number12: str) -> PuResult:
        """Look up a 12-digit personnummer or samordningsnummer."""
        if not _NUMBER.match(number12):
            raise ValueError("number12 must be exactly twelve digits")
        url = f"{self.base_url}/personer/{quote(number12)}"
        request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                       "Authorization": self._authorization})
        try:
            with self._opener.open(request, timeout=self.timeout_s) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            error.close()
            return Unavailable(UnavailableReason.FAULT, f"HTTP {error.code}")
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return self._timed_out()
            return Unavailable(UnavailableReason.FAULT, f"ingen förbindelse: {error.reason}")
        except TimeoutError:
            return self._timed_out()
        except OSError as error:
            return Unavailable(UnavailableReason.FAULT, f"förbindelsen bröts: {error}")
        try:
            return _interpret(number12, body)
        except _MalformedAnswer as error:
            return Unavailable(UnavailableReason.FAULT, f"oläsligt svar: {error}")

    def _timed_out(self) -> Unavailable:
        return Unavailable(UnavailableReason.TIMEOUT, f"inget svar inom {self.timeout_s:g} s")


def _interpret(number12: str, body: bytes) -> PuResult:
    if not body.strip():
        return NotFound()
    try:
        document = json.loads(body)
    except ValueError as error:
        raise _MalformedAnswer("inte JSON") from error
    if not isinstance(document, dict):
        raise _MalformedAnswer("inte ett objekt")
    if not document or document.get("person") is None:
        return NotFound()
    person = document["person"]
    if not isinstance(person, dict):
        raise _MalformedAnswer("person är inte ett objekt")
    # Decide protection before reading anything else, and fail closed on doubt.
    flags = (person.get("sekretessmarkering"), person.get("skyddad_folkbokforing"))
    if not all(isinstance(flag, bool) for flag in flags):
        raise _MalformedAnswer("skyddsmarkeringar saknas")
    if any(flags) and not broken("protected-pu-fills-name"):
        return Protected()
    if person.get("nummer") != number12:
        raise _MalformedAnswer("svaret gäller ett annat nummer")
    return _found(number12, person)


def _found(number12: str, person: dict[str, Any]) -> Found:
    name = _object(person, "namn")
    address = _object(person, "folkbokforingsadress")
    contact = _object(person, "kontaktuppgifter_1177")
    sex = _text(person, "kon")
    if sex not in _SEXES:
        raise _MalformedAnswer("okänt kön")
    avregistrering = person.get("avregistrering")
    if avregistrering is not None and not isinstance(avregistrering, dict):
        raise _MalformedAnswer("avregistrering")
    return Found(
        nummer=number12,
        fornamn=_text(name, "fornamn"),
        efternamn=_text(name, "efternamn"),
        kon=sex,
        fodelsedatum=_text(person, "fodelsedatum"),
        care_of=_text(address, "care_of", required=False),
        utdelningsadress=_text(address, "utdelningsadress", required=False),
        postnummer=_postal_code(_text(address, "postnummer", required=False)),
        ort=_text(address, "ort", required=False),
        avliden=bool(avregistrering and avregistrering.get("orsak") == "AV"),
        mobiltelefon=_text(contact, "mobiltelefon", required=False) or None,
        epost=_text(contact, "epost", required=False) or None,
    )


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _MalformedAnswer(key)
    return value


def _text(data: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise _MalformedAnswer(key)
    return value


def _postal_code(raw: str) -> str:
    digits = raw.replace(" ", "")
    if digits in ("", "0"):
        return ""
    if len(digits) != 5 or not digits.isdigit():
        raise _MalformedAnswer("postnummer")
    return f"{digits[:3]} {digits[3:]}"
