"""The journal's PU lookups from a session, with protection remembered on the server.

Protection (§2.5) is decided on the server: from PU's answer, remembered per
session and number (``PuMemory``), never from anything the browser sends.
"""

from __future__ import annotations

from mvj_stub.pu.client import Found, NotFound, Protected, PuResult, Unavailable, UnavailableReason
from mvj_stub.state import current_session, state


def _session_key() -> str:
    session = current_session()
    assert session is not None  # the dialogs are never public: the guard set it
    return session.token_hash


def lookup(number: str) -> PuResult:
    """Ask PU about a 12-digit number and remember whether the person is protected."""
    stub = state()
    client = stub.pu_client
    if client is None:
        return Unavailable(UnavailableReason.FAULT, "ingen PU-tjänst")
    result: PuResult = client.lookup(number)
    if isinstance(result, Protected):
        stub.pu_memory.remember(_session_key(), number, True)
    elif isinstance(result, Found | NotFound):
        stub.pu_memory.remember(_session_key(), number, False)
    return result


def known_protection(number: str) -> bool | None:
    """What PU last said in this session: protected or not; None when it never answered."""
    return state().pu_memory.protected(_session_key(), number)
