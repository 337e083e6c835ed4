"""PU-tjänsten's state: who it knows, what they share from 1177, whether it answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_bdd import given, parsers

from fixtures.kontroll import KontrollClient
from fixtures.pu_data import PU_MODES, PuPerson, pu_person
from fixtures.testdata import Kund


class PuControl:
    """PU's answer mode for the worker's stub; put back to normal after the scenario."""

    def __init__(self, kontroll: KontrollClient) -> None:
        self._kontroll = kontroll
        self.lage = "normal"

    def set(self, lage: str) -> None:
        if lage not in PU_MODES:
            raise ValueError(f"okänt läge '{lage}' (finns: {', '.join(PU_MODES)})")
        self._kontroll.pu_lage(lage)
        self.lage = lage


@pytest.fixture
def pu_control(kontroll: KontrollClient) -> Iterator[PuControl]:
    control = PuControl(kontroll)
    yield control
    if control.lage != "normal":
        # The mode is global for the stub; the worker's next scenario expects a working PU.
        kontroll.pu_lage("normal")


def seed(kontroll: KontrollClient, person: PuPerson) -> PuPerson:
    kontroll.pu_personer([person.som_kontroll()])
    return person


@given(
    parsers.re(r"att kunden finns i PU-tjänsten och delar (?P<delning>.+) från 1177"),
    target_fixture="pu_person",
)
def in_pu_sharing(kontroll: KontrollClient, kund: Kund, delning: str) -> PuPerson:
    return seed(kontroll, pu_person(kund, delning))


@given(
    parsers.re(r"att kunden har (?P<skydd>sekretessmarkering|skyddad folkbokföring) i PU-tjänsten"),
    target_fixture="pu_person",
)
def in_pu_protected(kontroll: KontrollClient, kund: Kund, skydd: str) -> PuPerson:
    # PU holds the real name, address and contact data of a protected person too; the
    # scenario then checks that none of it reaches any page.
    return seed(
        kontroll,
        pu_person(
            kund,
            "både mobil och e-post",
            sekretessmarkering=skydd == "sekretessmarkering",
            skyddad_folkbokforing=skydd == "skyddad folkbokföring",
        ),
    )


@given("att kunden inte finns i PU-tjänsten")
def not_in_pu(kund: Kund) -> None:
    """Nothing to do: the customer's number was made for this scenario, and PU-tjänsten
    knows only the persons scenarios give it (the suite's stubs start without a seed)."""


# The mode is also passed on as ``pu_lage``, so steps can read it without creating
# ``pu_control`` (which needs the control interface) in scenarios that never set one.
@given("att PU-tjänsten inte svarar", target_fixture="pu_lage")
def pu_fails(pu_control: PuControl) -> str:
    pu_control.set("fel")
    return pu_control.lage


@given("att PU-tjänsten svarar för långsamt", target_fixture="pu_lage")
def pu_slow(pu_control: PuControl) -> str:
    pu_control.set("langsam")
    return pu_control.lage
