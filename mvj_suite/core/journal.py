"""The journal under test as the suite sees it: its address and the SITHS cards to use.

On the stub, the cards are the stub's own test cards; on a live target, the
profile's user's card and the extra cards the profile names (``kort:``), whose
HSA-id and name are read from the card itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mvj_suite.core.settings import Settings
from mvj_suite.core.stub_control import ControlClient
from mvj_suite.model.cards import read_card
from mvj_suite.model.profile import CARD_ROLES, Profile

MAIN_CARD = "sjukskoterska"
# The test's user property (JUnit, the sign-off) for the version text the journal shows.
JOURNAL_VERSION_PROPERTY = "journal_version"

COLLEAGUE_CARD = "sjukskoterska2"

OTHER_CARDS = ("utan-behorighet", "fel-utfardare", "utgangen")

# The profile's extra cards (mvj_suite.model.profile.CARD_ROLES) by the stub's card keys.
PROFILE_CARD_KEYS = {
    "utan_behorighet": "utan-behorighet",
    "utgangen": "utgangen",
    "fel_utfardare": "fel-utfardare",
    "kollega": COLLEAGUE_CARD,
}


@dataclass(frozen=True)
class Card:
    key: str
    path: Path | None  # None: the card sits in the tester's own reader (--cdp-url)
    hsa_id: str
    name: str
    # Never in a repr: Allure records step arguments as their repr.
    passphrase: str = field(default="", repr=False)


@dataclass(frozen=True)
class Journal:
    url: str
    cards: dict[str, Card]
    trust_private_ca: bool  # the stub's server certificate comes from its own CA
    stub_control: ControlClient | None
    # Stops and starts the same stub (same data, port and secret); None for a real journal.
    restart: Callable[[], None] | None = None
    # Without the wire proxy (MVJ_WIRE_GUARD=route, a measurement): a context without a
    # card is checked by Chromium itself against a private --ca-cert it does not know.
    cardless_ignores_https_errors: bool = False
    # Why a card is missing (a live profile that names no such card): the scenario skips.
    missing_cards: dict[str, str] = field(default_factory=dict)

    def card(self, key: str) -> Card:
        if key in self.cards:
            return self.cards[key]
        if key in self.missing_cards:
            pytest.skip(self.missing_cards[key])
        raise KeyError(f"Journalen har inget kort '{key}' (har: {sorted(self.cards)})")

    def colleague_card(self) -> Card:
        """A second user with access; on a journal where the suite has one card, that one
        (a second browser with the same card is a second session all the same)."""
        return self.cards.get(COLLEAGUE_CARD) or self.card(MAIN_CARD)

    def other_card(self) -> Card:
        """Someone else's card: a colleague's, else any other card the journal has."""
        for key in (COLLEAGUE_CARD, *OTHER_CARDS):
            if key in self.cards:
                return self.cards[key]
        pytest.skip(
            "Testdataprofilen anger inget kort utöver huvudkortet (till exempel 'kort.kollega')"
            " – kontrollen med en annan persons kort körs när profilen har ett."
        )

    @property
    def secrets(self) -> list[str]:
        """Every card passphrase (scrubbed from artefacts)."""
        return [card.passphrase for card in self.cards.values() if card.passphrase]


def live_journal(settings: Settings, profile: Profile, env: Mapping[str, str]) -> Journal:
    """A real journal: the profile's user's card and the extra cards the profile names."""
    assert settings.base_url is not None
    secret = settings.siths_passphrase or ""
    main = Card(MAIN_CARD, settings.siths_card, profile.login_hsa_id, profile.login_name, secret)
    cards = {MAIN_CARD: main}
    missing: dict[str, str] = {}
    for role, key in PROFILE_CARD_KEYS.items():
        entry = profile.cards.get(role)
        if entry is None:
            missing[key] = (
                f"Testdataprofilen anger inget {CARD_ROLES[role].removeprefix('ett ')} "
                f"('kort.{role}') – scenariot körs när profilen har ett."
            )
            continue
        passphrase = env.get(entry.passphrase_variable, "")
        # The expected texts (Behörighet saknas för <HSA-id>) come from the card itself;
        # preflight has opened every card already, so this cannot fail here.
        info = read_card(entry.path, passphrase)
        cards[key] = Card(key, entry.path, info.hsa_id, info.name, passphrase)
    return Journal(
        url=settings.base_url,
        cards=cards,
        trust_private_ca=False,  # the wire proxy verifies it: --ca-cert or the system's
        stub_control=None,
        cardless_ignores_https_errors=settings.ca_cert is not None,
        missing_cards=missing,
    )
