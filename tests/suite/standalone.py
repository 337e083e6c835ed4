"""A stub journal started on its own, as a tester starts one: no control interface,
its example data, the same path ``./mvj live-against-stub`` takes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mvj_suite.core.stub_process import StubOptions, start_stub


@contextmanager
def standalone_stub(
    work: Path, json_api: bool = False, breaks: tuple[str, ...] = ()
) -> Iterator[dict]:
    """A standalone stub in ``work``; yields its ready file."""
    with start_stub(work, StubOptions(json_api=json_api, breaks=breaks)) as stub:
        yield stub.ready


def data_dir(ready: dict) -> Path:
    """The stub's data folder (its cards lie in ``<data>/pki/kort/``)."""
    return Path(ready["cards"]["sjukskoterska"]["path"]).parents[2]


def request_log(ready: dict) -> str:
    """What the stub received: one line per request (method, path, status)."""
    return (data_dir(ready) / "stub.log").read_text(encoding="utf-8")
