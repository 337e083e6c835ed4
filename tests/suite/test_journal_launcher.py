"""The stub launcher and the control-interface client, against a real stub process."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from mvj_suite.core.stub_control import ControlClient, ControlError
from mvj_suite.core.stub_process import StubOptions, StubStartError, start_stub


@pytest.fixture(scope="module")
def stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, str]]:
    secret = secrets.token_urlsafe(16)
    options = StubOptions(control_key=secret, example_data=False)
    with start_stub(tmp_path_factory.mktemp("stubb"), options) as stub:
        yield stub.ready, secret
    assert stub.process.returncode is not None  # stopped when the block ends


def test_a_restart_comes_back_on_the_same_address_with_the_same_data(tmp_path: Path) -> None:
    # Scenarios of "journalen startas om": the browser, the cards and the control client
    # all name the first address, and what was saved must still be there.
    secret = secrets.token_urlsafe(16)
    options = StubOptions(control_key=secret, example_data=False)
    with start_stub(tmp_path, options) as stub:
        url, ca = stub.url, Path(stub.ready["ca_cert"])
        ControlClient(url, secret, ca).create_customers(
            [{"nummer": "19121212-1212", "fornamn": "Tolvan", "efternamn": "Tolvansson"}]
        )
        first = stub.process
        stub.restart()
        assert first.returncode is not None and stub.process is not first
        assert stub.url == url
        assert ControlClient(url, secret, ca).status()["kunder"] == 1


def test_control_client_talks_json_over_the_stubs_own_ca(stub: tuple[dict, str]) -> None:
    ready, secret = stub
    client = ControlClient(ready["url"], secret, Path(ready["ca_cert"]))
    assert "klocka" in client.status()
    assert client.freeze_clock()["fryst"] is True
    assert client.reset_clock()["fryst"] is False


def test_control_client_reports_the_stubs_message(stub: tuple[dict, str]) -> None:
    ready, secret = stub
    client = ControlClient(ready["url"], secret, Path(ready["ca_cert"]))
    with pytest.raises(ControlError) as error:
        client.advance_clock(-1)
    assert "400" in str(error.value)
    assert "framat_sekunder" in str(error.value)
    wrong = ControlClient(ready["url"], "fel-nyckel", Path(ready["ca_cert"]))
    with pytest.raises(ControlError, match="403"):
        wrong.status()


def test_a_stub_that_dies_is_reported_in_one_line(tmp_path: Path) -> None:
    # A file where the data directory should be: the stub cannot start.
    (tmp_path / "data").write_text("inte en katalog", encoding="utf-8")
    with pytest.raises(StubStartError) as error, start_stub(tmp_path):
        pass
    message = str(error.value)
    assert message.startswith("Stubbjournalen avslutades med kod")
    assert "\n" not in message
