"""The PU service as the journal sees it: a small HTTP JSON service on loopback.

``GET /personer/<nummer>``:
- found → 200 ``{"person": {...}}`` with everything PU holds, including the
  protection flags, but only the 1177 contact items the person shares;
- not found (or ``svar: saknas``) → 200 ``{}`` — PU's "an empty answer means
  not found";
- ``fel`` → 500 ``{"fel": …}`` — every PU fault is a failed call;
- ``langsam`` → the normal answer, but only after ``slow_delay_s`` seconds
  (cut short with 503 when the component stops).

The global mode (``Mode``) overrides each person's ``svar``. Protected persons
are served in full, as PU serves them to an authorised system: hiding them is
the client's job (``mvj_stub.pu.client``). So only an authorised system gets an
answer: every request must carry the component's secret
(``Authorization: Bearer <hemlighet>``), else 401 and nothing — loopback is not
a boundary, any local process can reach the port.
"""

from __future__ import annotations

import hmac
import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from mvj_stub.latency import Latency
from mvj_stub.pu.model import Answer, Mode, PuPerson
from mvj_stub.pu.store import PuStore

_NUMBER = re.compile(r"^\d{12}$")


def person_wire_form(person: PuPerson) -> dict[str, Any]:
    """The person as the PU service returns it."""
    kontakt: dict[str, str] = {}
    if person.delar_mobil and person.mobiltelefon:
        kontakt["mobiltelefon"] = person.mobiltelefon
    if person.delar_epost and person.epost:
        kontakt["epost"] = person.epost
    day = int(person.nummer[6:8])
    return {
        "nummer": person.nummer,
        "typ": "samordningsnummer" if day > 60 else "personnummer",
        "namn": {"fornamn": person.fornamn, "efternamn": person.efternamn},
        "kon": str(person.kon),
        "fodelsedatum": person.fodelsedatum,
        "folkbokforingsadress": {
            "care_of": person.care_of,
            "utdelningsadress": person.utdelningsadress,
            "postnummer": person.postnummer,
            "ort": person.ort,
        },
        "avregistrering": {"orsak": "AV"} if person.avliden else None,
        "sekretessmarkering": person.sekretessmarkering,
        "skyddad_folkbokforing": person.skyddad_folkbokforing,
        "kontaktuppgifter_1177": kontakt,
    }


def _json(body: object, status: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


class PuService:
    """WSGI application. ``mode`` is read on every request, so it can change at run time."""

    def __init__(
        self,
        store: PuStore,
        slow_delay_s: float,
        stopping: threading.Event,
        secret: str,
        latency: Latency | None = None,
    ) -> None:
        if not secret:
            raise ValueError("PU-tjänsten kräver en hemlighet")
        self._secret = f"Bearer {secret}".encode()
        self._store = store
        self._mode = Mode.NORMAL
        self._mode_lock = threading.Lock()
        self._slow_delay_s = slow_delay_s
        self._stopping = stopping
        self._latency = latency  # a register that answers as slowly as a real one
        self._urls = Map(
            [
                Rule("/personer/<nummer>", endpoint="person", methods=["GET"]),
                Rule("/status", endpoint="status", methods=["GET"]),
            ]
        )

    @property
    def mode(self) -> Mode:
        with self._mode_lock:
            return self._mode

    @mode.setter
    def mode(self, value: Mode) -> None:
        with self._mode_lock:
            self._mode = value

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        given = str(environ.get("HTTP_AUTHORIZATION", "")).encode("utf-8", "replace")
        if not hmac.compare_digest(given, self._secret):
            refused = _json({"fel": "Behörighet saknas för PU-tjänsten."}, 401)
            return refused(environ, start_response)
        if self._latency is not None:
            self._latency.pause(self._stopping)
        try:
            endpoint, arguments = self._urls.bind_to_environ(environ).match()
            if endpoint == "status":
                response = _json({"tjanst": "PU-tjänsten (stubb)", "lage": str(self.mode)})
            else:
                response = self._lookup(arguments["nummer"])
        except NotFound:
            response = _json({"fel": "Okänd adress."}, 404)
        except HTTPException as error:
            response = _json({"fel": error.description or "Felaktig begäran."}, error.code or 400)
        return response(environ, start_response)

    def _lookup(self, number: str) -> Response:
        if not _NUMBER.match(number):
            return _json({"fel": "Numret ska vara tolv siffror."}, 400)
        person = self._store.get(number)
        mode = self.mode
        if mode is Mode.FAULT or (mode is Mode.NORMAL and person and person.svar is Answer.FAULT):
            return _json({"fel": "PU-tjänsten: internt fel (simulerat)."}, 500)
        slow = mode is Mode.SLOW or (
            mode is Mode.NORMAL and person is not None and person.svar is Answer.SLOW
        )
        if slow and self._stopping.wait(self._slow_delay_s):
            return _json({"fel": "PU-tjänsten stängs."}, 503)
        if person is None or person.svar is Answer.MISSING:
            return _json({})
        return _json({"person": person_wire_form(person)})
