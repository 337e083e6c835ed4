"""Fixtures for the stub's own tests: a real stub over real TLS, no browser."""

from __future__ import annotations

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

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from mvj_stub.config import StubConfig
from mvj_stub.server import RunningStub, start

KEY = "testnyckel-123"

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

    def labelled_value(self, label: str) -> str | None:
        ident = re.search(rf'<dt id="([^"]+)">{re.escape(label)}</dt>', self.text)
        if ident is None:
            return None
        value = re.search(rf'<dd aria-labelledby="{ident[1]}">(.*?)</dd>', self.text, re.S)
        return unescape(value[1]) if value else None


@dataclass
class Client:
    """One 'browser': a cookie jar and, optionally, a SITHS card, over real TLS."""

    stub: RunningStub
    card_files: tuple[Path, Path] | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.stub.pki.ca_cert_path))
        if self.card_files is not None:
            context.load_cert_chain(*self.card_files)
        return context

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
    config = StubConfig(data_dir=tmp_path_factory.mktemp("stubb"), port=0, kontroll=True,
                        kontroll_nyckel=KEY)
    running = start(config)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def card_pems(stub: RunningStub, tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, tuple[Path, Path]]:
    """Each card's PKCS#12, opened with the passphrase, as PEM files for ``ssl``."""
    directory = tmp_path_factory.mktemp("kort")
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
