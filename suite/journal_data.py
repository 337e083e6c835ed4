"""The one place steps get the people a scenario needs: ``JournalData``.

Steps ask for *what* they need ("a customer with a samordningsnummer", "a
person in PU who is not a customer yet", "a customer the scenario may
change") and never learn which target runs:

- On the stub, people are made (``suite.model.testdata``: unique generated
  identities) and seeded through the control interface — the journal, PU or
  both.
- On a live target nothing is generated and nothing seeded. People already
  in the journal come from the profile and are only read. People to add are
  taken from the profile's pools (``suite.model.pools``), once per run. A
  customer a scenario will *change* is never a profile customer: the step
  hands in how to add one through the journal's own UI, and on live the
  scenario first adds a person from a pool that way.

When the profile lacks what a scenario needs, the scenario is skipped with a
Swedish reason. The ``journal_data`` fixture (``fixtures.data``) builds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from suite.model.customers import PuPerson, ReservKund, pu_person, reservkund
from suite.model.identities import parse_identity
from suite.model.pools import SHARING_WORDS, LivePools, PoolNeed
from suite.model.profile import Profile, ProfilePerson
from suite.model.profile_people import (
    completeness,
    has_aao,
    kund_fran,
    nummer_fran,
    pu_person_fran,
    reservkund_fran,
)
from suite.model.testdata import Kund, Nummer, TestData
from suite.stub_control import KontrollClient

# The needs of the steps that take from a pool (registered by the step modules with
# suite.model.pools.pool_step, so the budget knows them before the run).
NEW_PERSONNUMMER = PoolNeed("ej_i_pu", kind="personnummer")

NEW_SAMORDNINGSNUMMER = PoolNeed("ej_i_pu", kind="samordningsnummer")

PU_SAMORDNINGSNUMMER = PoolNeed("samordningsnummer_i_pu")

def pu_sharing_need(words: str) -> PoolNeed:
    return PoolNeed("pu_personer", delar=SHARING_WORDS[words])

def pu_protected_need(skydd: str) -> PoolNeed:
    return PoolNeed("pu_skyddade", skydd=skydd)

class JournalData:
    """What a scenario asks for; the target decides where it comes from."""

    def __init__(
        self,
        testdata: TestData,
        kontroll: KontrollClient | None,
        profile: Profile | None,
        pools: LivePools | None,
    ) -> None:
        self.testdata = testdata  # names, fictional phones, example.se e-mail: fine anywhere
        self.kontroll = kontroll
        self.profile = profile
        self.pools = pools

    # --- customers already in the journal (read, never changed, on live) -------------
    def kund(
        self, *, samordning: bool = False, over_hundra: bool = False, skyddad: bool = False
    ) -> Kund:
        """A customer who is in the journal (made and seeded on the stub)."""
        if self.profile is None:
            kund = self.testdata.kund(
                samordning=samordning, over_hundra=over_hundra, skyddad=skyddad
            )
            self._seed([kund.som_seed()])
            return kund
        if skyddad:
            return kund_fran(self._protected_customer(), skyddad=True)
        candidates = [
            person
            for person in self.profile.kunder
            if (parse_identity(person.nummer).kind == "samordningsnummer") == samordning
            # Like the stub's generated customers: under a hundred unless asked for, so
            # the 10-digit notations without "+" name this person and no one else.
            and (_age(nummer_fran(person.nummer).born) >= 100) == over_hundra
        ]
        if not candidates:
            what = (
                "en kund med samordningsnummer"
                if samordning
                else "en kund som är över hundra år"
                if over_hundra
                else "en kund"
            )
            pytest.skip(f"Testdataprofilen saknar {what} ('kunder').")
        # The most complete customer; of those, one with å, ä or ö in the surname, since
        # search rules are about those letters.
        return kund_fran(max(candidates, key=lambda p: (completeness(p), has_aao(p))))

    def skyddad_kund(self) -> tuple[Kund, PuPerson]:
        """A protected customer, and what PU knows of them (that must never show).

        On the stub the journal holds the number and the mark only, while PU holds a
        full person; on live the profile may give that person's data for the checks.
        """
        if self.profile is None:
            kund = self.testdata.kund(skyddad=True)
            pu = pu_person(kund, "både mobil och e-post", sekretessmarkering=True)
            self._seed_pu([pu.som_kontroll()])
            self._seed([kund.som_seed()])
            return kund, pu
        person = self._protected_customer()
        return kund_fran(person, skyddad=True), pu_person_fran(person)

    def _protected_customer(self) -> ProfilePerson:
        assert self.profile is not None
        if not self.profile.skyddade_kunder:
            pytest.skip("Testdataprofilen saknar en kund med skyddad identitet.")
        return self.profile.skyddade_kunder[0]

    def reservkund(self) -> ReservKund:
        """A reservnummer customer in the journal (seeded on the stub)."""
        if self.profile is None:
            customer = reservkund(self.testdata, with_number=True)
            self._seed([customer.som_seed()])
            return customer
        if not self.profile.reservnummerkunder:
            pytest.skip("Testdataprofilen saknar en kund med reservnummer.")
        return reservkund_fran(self.profile.reservnummerkunder[0])

    # --- customers a scenario may change ---------------------------------------------
    def kund_att_andra(self, add_through_ui: Callable[[Kund], None]) -> Kund:
        """A customer that exists only for this scenario, so changing them harms no one.

        Stub: seeded. Live: a person from the ``ej_i_pu`` pool with fictional details,
        added by ``add_through_ui`` — never a profile customer, whose data must stay as
        the profile says.
        """
        if self.pools is None:
            kund = self.testdata.kund()
            self._seed([kund.som_seed()])
            return kund
        kund = self.ny_kund()
        add_through_ui(kund)
        return kund

    def reservkund_att_andra(
        self, add_through_ui: Callable[[ReservKund], ReservKund]
    ) -> ReservKund:
        """A reservnummer customer for this scenario alone (seeded, or added in the UI)."""
        if self.pools is None:
            customer = reservkund(self.testdata, with_number=True)
            self._seed([customer.som_seed()])
            return customer
        return add_through_ui(reservkund(self.testdata))

    # --- people who are not customers yet ----------------------------------------------
    def ny_kund(self, samordning: bool = False) -> Kund:
        """Someone to add: in neither the journal nor PU; fictional details to type.

        On live the number is the next free one of the profile's ``ej_i_pu`` pool;
        names, address, phone and e-mail are the suite's own fictional values.
        """
        if self.pools is None:
            return self.testdata.kund(samordning=samordning)
        need = NEW_SAMORDNINGSNUMMER if samordning else NEW_PERSONNUMMER
        person = self.pools.take(need)
        return self.testdata.kund_med_nummer(nummer_fran(person.nummer))

    def nytt_nummer(self, samordning: bool = False) -> Nummer:
        """A valid number that is in neither the journal nor PU."""
        return self.ny_kund(samordning=samordning).nummer

    def ny_reservkund(self) -> ReservKund:
        """Someone whose number is unknown: details only, no identity number at all."""
        return reservkund(self.testdata)

    def ny_kund_i_pu(self, delning: str | None = None) -> tuple[Kund, PuPerson]:
        """A person PU knows who is not a customer yet, sharing ``delning`` from 1177
        (a key of ``SHARING``); ``None`` for a samordningsnummer PU knows, whatever it
        shares."""
        if self.pools is None:
            kund = self.testdata.kund(samordning=delning is None)
            pu = pu_person(kund, delning or "både mobil och e-post")
            self._seed_pu([pu.som_kontroll()])
            return kund, pu
        need = PU_SAMORDNINGSNUMMER if delning is None else pu_sharing_need(delning)
        person = self.pools.take(need)
        return kund_fran(person), pu_person_fran(person)

    def ny_skyddad_i_pu(self, skydd: str) -> tuple[Kund, PuPerson]:
        """A protected person PU knows who is not a customer yet (``skydd`` as the profile
        writes it: ``sekretessmarkering`` or ``skyddad_folkbokforing``).

        The ``Kund`` carries fictional details, the ones a nurse might type by hand;
        PU's own record (which must never show) is the ``PuPerson``.
        """
        protection = {
            "sekretessmarkering": skydd == "sekretessmarkering",
            "skyddad_folkbokforing": skydd == "skyddad_folkbokforing",
        }
        if self.pools is None:
            kund = self.testdata.kund()
            # PU holds the real name, address and contact data of a protected person too.
            real = self.testdata.kund_med_nummer(kund.nummer)
            pu = pu_person(real, "både mobil och e-post", **protection)
            self._seed_pu([pu.som_kontroll()])
            return kund, pu
        person = self.pools.take(pu_protected_need(skydd))
        kund = self.testdata.kund_med_nummer(nummer_fran(person.nummer))
        # An entry without 'skydd' is protected all the same: PU says how, not the profile.
        return kund, replace(pu_person_fran(person), **protection)

    def ogiltigt_personnummer(self) -> Nummer:
        """A personnummer with a wrong check digit: it can belong to no one."""
        if self.profile is None:
            return self.testdata.personnummer().med_fel_kontrollsiffra()
        return nummer_fran(self.profile.kunder[0].nummer).med_fel_kontrollsiffra()

    # --- stub seeding -----------------------------------------------------------------
    def _seed(self, customers: list[dict[str, Any]]) -> None:
        if self.kontroll is None:
            pytest.skip("Scenariot kräver stubbjournalens kontrollgränssnitt.")
        self.kontroll.skapa_kunder(customers)

    def _seed_pu(self, persons: list[dict[str, Any]]) -> None:
        if self.kontroll is None:
            pytest.skip("Scenariot kräver stubbjournalens kontrollgränssnitt.")
        self.kontroll.pu_personer(persons)

def _age(born: date, today: date | None = None) -> int:
    today = today or date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
