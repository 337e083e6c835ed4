"""The shared login: who logs in by themselves, and steps that would end a session
shared with other scenarios stop loudly instead."""

from __future__ import annotations

import pytest

from mvj_suite.core.shared_login import SharedLogins, SharedSessionMisuse, needs_own_login
from steps.actors import User


class _Page:
    def on(self, event: str, handler: object) -> None:
        pass


@pytest.mark.parametrize(
    ("tags", "own"),
    [
        ({"rutin-1", "egen-inloggning"}, True),  # the login is the subject
        ({"rutin-1", "klocka"}, True),  # the session must start on the frozen clock
        ({"rutin-2.1"}, False),
        ({"rutin-2.2", "skriver", "stubb-omstart"}, False),  # sessions survive a restart
    ],
)
def test_who_logs_in_by_themselves(tags: set[str], own: bool) -> None:
    assert needs_own_login(tags) is own


def test_ending_the_shared_session_is_refused_with_the_fix() -> None:
    user = User("sjuksköterskan Sara", None, _Page(), shared_session=True)  # type: ignore[arg-type]
    with pytest.raises(SharedSessionMisuse, match="@egen-inloggning"):
        user.expect_own_session("loggar ut")


@pytest.mark.parametrize("shared", [True, False])
def test_only_the_shared_session_refuses_to_be_ended(shared: bool) -> None:
    user = User("sjuksköterskan Sara", None, _Page(), shared_session=shared)  # type: ignore[arg-type]
    try:
        user.expect_own_session("loggar ut")
        refused = False
    except SharedSessionMisuse:
        refused = True
    assert refused is shared


def test_kept_states_are_per_card_and_in_memory() -> None:
    logins = SharedLogins()
    logins.remember("sjukskoterska", {"cookies": [{"name": "mvj_session"}], "origins": []})
    assert logins.get("sjukskoterska") is not None and logins.get("sjukskoterska2") is None
    logins.forget("sjukskoterska")
    assert logins.get("sjukskoterska") is None


def test_a_session_left_alone_too_long_is_not_offered_again() -> None:
    now = [0.0]
    logins = SharedLogins(clock=lambda: now[0])
    logins.remember("sjukskoterska", {"cookies": [], "origins": []})
    now[0] += 29 * 60
    assert logins.get("sjukskoterska") is not None  # and this use keeps it fresh
    now[0] += 29 * 60
    assert logins.get("sjukskoterska") is not None
    now[0] += 31 * 60  # e.g. a --real-time scenario waited 45 minutes in its own session
    assert logins.get("sjukskoterska") is None
