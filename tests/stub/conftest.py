"""Fixtures for the stub's own tests: a real stub over real TLS, no browser."""

from __future__ import annotations

import functools
import http.client
import json
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from mvj_stub.config import StubConfig
from mvj_stub.server import RunningStub, start

KEY = "testnyckel-123"
# Small, so that a `langsam` PU answer gives up fast (the answer itself comes 2 s later).
PU_TIMEOUT_S = 0.3

TOLVAN = {
    "nummer": "19121212-1212", "fornamn": "Tolvan", "efternamn": "Tolvansson",
    "utdelningsadress": "Storgatan 1", "postnummer": "12345", "ort": "Stockholm",
    "mobiltelefon": "070-174 06 05", "epost": "Tolvan.Tolvansson@Example.se",
    "kontaktvag": "SMS", "samtycke": True,
}
ASA = {
    "nummer": "198001010001", "fornamn": "Åsa-Märta", "efternamn": "Öberg Ängström",
    "utdelningsadress": "Lillgatan 2", "postnummer": "543 21", "ort": "Örebro",
    "mobiltelefon": "+46 70 174 06 06", "epost": "asa@example.se",
}
SAMORDNING = {"nummer": "701063-2391", "fornamn": "Sam", "efternamn": "Ordning"}
PROTECTED = {"nummer": "201701012393", "skyddad": True}


@dataclass
class Reply:
    status: int
    headers: Message
    text: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def json(self) -> Any:
        return json.loads(self.text)

    def by_role(self, role: str) -> list[str]:
        """Visible text of elements with that role (server-rendered markup only)."""
        found = re.findall(rf'role="{role}"[^>]*>(.*?)</', self.text, flags=re.S)
        return [unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in found]

    def result_rows(self) -> list[list[str]]:
        rows = re.findall(r'<tr class="klickbar"[^>]*>(.*?)</tr>', self.text, flags=re.S)
        return [
            [unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
            for row in rows
        ]

    def dialog_name(self) -> str | None:
        """The accessible name of the page's dialog (its labelling heading)."""
        match = re.search(r'role="dialog"[^>]*aria-labelledby="([^"]+)"', self.text)
        if match is None:
            return None
        heading = re.search(rf'id="{match[1]}">(.*?)</', self.text, re.S)
        return unescape(heading[1]).strip() if heading else None

    def _input(self, label: str) -> str | None:
        ident = re.search(rf'<label for="([^"]+)">{re.escape(label)}</label>', self.text)
        if ident is None:
            return None
        tag = re.search(rf'<input[^>]*\bid="{re.escape(ident[1])}"[^>]*>', self.text, re.S)
        return tag[0] if tag else None

    def field(self, label: str) -> str | None:
        """The value of the text field labelled ``label`` (None if there is no such field)."""
        tag = self._input(label)
        if tag is None:
            return None
        value = re.search(r'\bvalue="([^"]*)"', tag)
        return unescape(value[1]) if value else ""

    def field_disabled(self, label: str) -> bool:
        tag = self._input(label)
        assert tag is not None, label
        return re.search(r"\sdisabled(\s|>|$)", tag) is not None

    def checked(self, name: str) -> list[str]:
        """Values of the checked radios/checkboxes with form name ``name``."""
        tags = re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', self.text, re.S)
        return [unescape(re.search(r'value="([^"]*)"', tag)[1]) for tag in tags
                if re.search(r"\schecked(\s|>|$)", tag)]

    def form_values(self) -> dict[str, str]:
        """Every named text/hidden input and checked radio/checkbox, as a browser posts it."""
        values: dict[str, str] = {}
        for tag in re.findall(r"<input[^>]*>", self.text, re.S):
            name = re.search(r'\bname="([^"]*)"', tag)
            value = re.search(r'\bvalue="([^"]*)"', tag)
            if name is None or re.search(r"\sdisabled(\s|>|$)", tag):
                continue
            kind = re.search(r'\btype="([^"]*)"', tag)
            if kind and kind[1] in ("radio", "checkbox") and not re.search(
                    r"\schecked(\s|>|$)", tag):
                continue
            values[unescape(name[1])] = unescape(value[1]) if value else ""
        return values

    def labelled_value(self, label: str) -> str | None:
        ident = re.search(rf'<dt id="([^"]+)">{re.escape(label)}</dt>', self.text)
        if ident is None:
            return None
        value = re.search(rf'<dd aria-labelledby="{ident[1]}">(.*?)</dd>', self.text, re.S)
        return unescape(value[1]) if value else None


@functools.cache
def _ssl_context(ca_path: Path, card_files: tuple[Path, Path] | None) -> ssl.SSLContext:
    """One context per CA and card: loading them is the slow part of a request."""
    context = ssl.create_default_context(cafile=str(ca_path))
    if card_files is not None:
        context.load_cert_chain(*card_files)
    return context


@dataclass
class Client:
    """One 'browser': a cookie jar and, optionally, a SITHS card, over real TLS."""

    stub: RunningStub
    card_files: tuple[Path, Path] | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def _context(self) -> ssl.SSLContext:
        return _ssl_context(self.stub.pki.ca_cert_path, self.card_files)

    def request(self, method: str, path: str, body: Any = None,
                headers: dict[str, str] | None = None) -> Reply:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.stub.port, context=self._context(), timeout=10
        )
        all_headers = dict(headers or {})
        payload = None
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        return self._send(connection, method, path, payload, all_headers)

    def _send(self, connection: http.client.HTTPSConnection, method: str, path: str,
              payload: bytes | None, all_headers: dict[str, str]) -> Reply:
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=payload, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
        finally:
            connection.close()
        for raw in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Reply(response.status, response.headers, text)

    def post_form(self, path: str, fields: dict[str, str]) -> Reply:
        """A form post, as a browser sends it (``application/x-www-form-urlencoded``)."""
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.stub.port, context=self._context(), timeout=10
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send(connection, "POST", path, urlencode(fields).encode("utf-8"),
                          headers)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Reply:
        return self.request("POST", path, body, headers)

    def login(self) -> Reply:
        return self.post("/logga-in")


def control(stub: RunningStub, method: str, path: str, body: Any = None,
            key: str | None = KEY) -> Reply:
    headers = {"X-Kontroll-Nyckel": key} if key is not None else {}
    return Client(stub).request(method, path, body, headers)


@pytest.fixture(scope="session")
def stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStub]:
    config = StubConfig(data_dir=tmp_path_factory.mktemp("stubb"), port=0, control=True,
                        control_key=KEY, pu_timeout=PU_TIMEOUT_S, example_data=False)
    running = start(config)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def json_stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStub]:
    """A second stub, started with ``--json-api`` (login and search as JSON posts)."""
    config = StubConfig(data_dir=tmp_path_factory.mktemp("json"), port=0, control=True,
                        control_key=KEY, pu_timeout=PU_TIMEOUT_S, example_data=False,
                        json_api=True)
    running = start(config)
    yield running
    running.stop()


@pytest.fixture
def json_journal(json_stub: RunningStub) -> RunningStub:
    """The JSON-mode stub, wiped and on real time."""
    assert control(json_stub, "POST", "/_kontroll/aterstall", {}).status == 200
    return json_stub


def export_cards(stub: RunningStub, directory: Path) -> dict[str, tuple[Path, Path]]:
    """Each card's PKCS#12, opened with the passphrase, as PEM files for ``ssl``."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for key, card in stub.pki.cards.items():
        private_key, certificate, _cas = pkcs12.load_key_and_certificates(
            card.path.read_bytes(), stub.pki.passphrase.encode("utf-8")
        )
        assert private_key is not None and certificate is not None
        cert_path, key_path = directory / f"{key}.pem", directory / f"{key}.key"
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        files[key] = (cert_path, key_path)
    return files


def logged_in_nurse(stub: RunningStub, directory: Path) -> Client:
    """A nurse logged in to a stub of the test's own (its own PKI)."""
    client = Client(stub, export_cards(stub, directory)["sjukskoterska"])
    assert client.login().status == 303
    return client


@pytest.fixture(scope="session")
def card_pems(stub: RunningStub, tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, tuple[Path, Path]]:
    return export_cards(stub, tmp_path_factory.mktemp("kort"))


@pytest.fixture
def journal(stub: RunningStub) -> RunningStub:
    """The shared stub, wiped and on real time."""
    assert control(stub, "POST", "/_kontroll/aterstall", {}).status == 200
    return stub


@pytest.fixture
def client_for(journal: RunningStub, card_pems: dict[str, tuple[Path, Path]]):
    def make(card: str | None = "sjukskoterska") -> Client:
        return Client(journal, card_pems[card] if card else None)

    return make


@pytest.fixture
def nurse(client_for) -> Client:
    client = client_for()
    reply = client.login()
    assert reply.status == 303, reply.text
    return client


def seed(stub: RunningStub, *customers: dict[str, Any]) -> list[dict[str, Any]]:
    reply = control(stub, "POST", "/_kontroll/kunder", {"kunder": list(customers)})
    assert reply.status == 200, reply.text
    return reply.json()["kunder"]


def seed_pu(stub: RunningStub, *persons: dict[str, Any]) -> None:
    reply = control(stub, "POST", "/_kontroll/pu/personer", {"personer": list(persons)})
    assert reply.status == 200, reply.text


def pu_person(**overrides: Any) -> dict[str, Any]:
    """A PU_PERSON sharing both mobile and e-mail; override what the test is about."""
    data: dict[str, Any] = {
        "nummer": "191212121212", "fornamn": "Tolvan", "efternamn": "Tolvansson",
        "utdelningsadress": "Provgatan 12", "postnummer": "123 45", "ort": "Exempelby",
        "mobiltelefon": "070-1740605", "epost": "tolvan.tolvansson@example.se",
        "delar_mobil": True, "delar_epost": True,
    }
    data.update(overrides)
    return data


def dialog_fields(**values: str) -> dict[str, str]:
    """A complete dialog form: defaults as the dialog opens, plus ``values``."""
    fields = {"fornamn": "", "efternamn": "", "utdelningsadress": "", "postnummer": "",
              "ort": "", "mobiltelefon": "", "epost": "", "kontaktvag": "Båda"}
    fields.update(values)
    return fields
