"""The wire proxy itself, without a browser: it verifies the journal against --ca-cert,
presents the card only to the journal, and starts even when a port it chose is taken."""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mvj_suite.live import wire_proxy as wire_proxy_module
from mvj_suite.live.wire_proxy import CardFile, WireProxy
from mvj_suite.live.wire_rules import guard_for

from .standalone import data_dir, standalone_stub


@pytest.fixture(scope="module")
def ready(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with standalone_stub(tmp_path_factory.mktemp("stubb")) as ready:
        yield ready


def _proxy(ready: dict, ca_cert: Path) -> WireProxy:
    cards = {"sjukskoterska": CardFile(Path(ready["cards"]["sjukskoterska"]["path"]),
                                       ready["passphrase"])}  # fmt: skip
    idle = guard_for(set(), False, ready["url"])
    return WireProxy.for_process(ready["url"], ca_cert, cards, idle)


def _get(proxy: WireProxy, card: str | None, url: str) -> tuple[int, str]:
    """A GET through ``card``'s listener, trusting the proxy's CA (as the browser does)."""
    tls = ssl.create_default_context(cafile=str(proxy.ca_file))
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"https": proxy.url(card)}),
        urllib.request.HTTPSHandler(context=tls),
    )
    proxy.watch(guard_for(set(), False, proxy.journal_url))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8", "replace")


def test_the_journal_is_verified_against_its_ca_and_gets_the_card(ready: dict) -> None:
    proxy = _proxy(ready, Path(ready["ca_cert"]))
    try:
        status, page = _get(proxy, "sjukskoterska", f"{ready['url']}/")
        assert status == 200 and "Logga in" in page
    finally:
        WireProxy.stop_process_proxy()


def test_a_journal_whose_certificate_the_ca_did_not_issue_gets_nothing(ready: dict) -> None:
    """--ca-cert names another issuer: the proxy refuses the journal (502), so nothing is
    sent to a server that may not be the journal."""
    foreign = data_dir(ready) / "pki" / "frammande-ca.pem"
    log = (data_dir(ready) / "stub.log").read_text(encoding="utf-8")
    proxy = _proxy(ready, foreign)
    try:
        status, _page = _get(proxy, "sjukskoterska", f"{ready['url']}/prov/overifierad")
    finally:
        WireProxy.stop_process_proxy()
    assert status == 502
    assert "/prov/overifierad" not in (data_dir(ready) / "stub.log").read_text(
        encoding="utf-8").removeprefix(log)


def test_a_port_taken_before_the_proxy_binds_it_is_replaced(
    ready: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process may take a port between the proxy choosing and binding it."""
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    ports = iter([port])
    original = wire_proxy_module._free_port
    monkeypatch.setattr(wire_proxy_module, "_free_port", lambda: next(ports, None) or original())
    try:
        proxy = _proxy(ready, Path(ready["ca_cert"]))
        assert str(port) not in proxy.url(None) + proxy.url("sjukskoterska")
        assert _get(proxy, "sjukskoterska", f"{ready['url']}/")[0] == 200
    finally:
        WireProxy.stop_process_proxy()
        taken.close()
