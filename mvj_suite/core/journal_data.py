"""The one place steps get the people a scenario needs: ``JournalData``.

Steps ask for *what* they need ("a customer with a samordningsnummer", "a
person in PU who is not a customer yet", "a customer the scenario may
change") and never learn which target runs:

- On the stub, people are made (``mvj_suite.model.testdata``: unique generated
  identities) and seeded through the control interface — the journal, PU or
  both.
- On a live target nothing is generated and nothing seeded. People already
  in the journal come from the profile and are only read. People to add are
  taken from the profile's pools (``mvj_suite.model.pools``), once per run. A
  customer a scenario will *change* is never a profile customer: the step
  hands in how to add one through the journal's own UI, and on live the
  scenario first adds a person from a pool that way.

Each live scenario gets a person who fits it: the needs its steps state of
"kunden" (``mvj_suite.model.person_needs``: a first name of four letters for a
name search, a stated address for a PU fetch …) filter the profile's entries,
per scenario and per example row. When nobody fits, the scenario is skipped
with one Swedish line naming the need and the profile section to fill. The
``journal_data`` fixture (``fixtures.data``) builds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pytest

from mvj_suite.core.stub_control import ControlClient
from mvj_suite.model.customers import (
    PU_MODES,
    SHARING_WORDS,
    PuPerson,
    ReserveCustomer,
    make_reserve_customer,
    pu_person,
)
from mvj_suite.model.person_needs import fits, skip_line
from mvj_suite.model.pools import LivePools, PoolNeed
from mvj_suite.model.profile import Profile, ProfilePerson
from mvj_suite.model.profile_people import (
    completeness,
    customer_from,
    number_from,
    pu_person_from,
    reserve_customer_from,
)
from mvj_suite.model.testdata import Customer, IdentityNumber, TestData

P = TypeVar("P", Customer, ReserveCustomer)

# The needs of the steps that take from a pool (registered by the step modules with
# mvj_suite.model.pools.pool_step, so the budget knows them before the run).
NEW_PERSONNUMMER = PoolNeed("ej_i_pu", kind="personnummer")
NEW_SAMORDNINGSNUMMER = PoolNeed("ej_i_pu", kind="samordningsnummer")
PU_SAMORDNINGSNUMMER = PoolNeed("samordningsnummer_i_pu")


def pu_sharing_need(words: str) -> PoolNeed:
    return PoolNeed("pu_personer", shares=SHARING_WORDS[words])


def pu_protected_need(protection: str) -> PoolNeed:
    return PoolNeed("pu_skyddade", protection=protection)


class JournalData:
    """What a scenario asks for; the target decides where it comes from."""

    def __init__(
        self,
        testdata: TestData,
        stub_control: ControlClient | None,
        profile: Profile | None,
        pools: LivePools | None,
        needs: frozenset[str] = frozenset(),
    ) -> None:
        self.testdata = testdata  # names, fictional phones, example.se e-mail: fine anywhere
        self.stub_control = stub_control
        self.profile = profile
        self.pools = pools
        self.needs = needs  # what the scenario's steps need of "kunden" (person_needs keys)
        self._pu_mode = "normal"

    # --- customers already in the journal (read, never changed, on live) -------------
    def customer(self, *, samordning: bool = False, over_hundred: bool = False) -> Customer:
        """A customer who is in the journal (made and seeded on the stub)."""
        if self.profile is None:
            return self._seeded(
                self.testdata.customer(samordning=samordning, over_hundred=over_hundred)
            )
        keys = {*self.needs, "samordningsnummer" if samordning else "personnummer"}
        if over_hundred:
            keys.add("over_hundra")
        return customer_from(self._pick("kunder", keys))

    def other_customer(self) -> Customer:
        """A second customer in the journal, whose personnummer is typed in full: the
        scenario's needs are about its own person, not about this one."""
        if self.profile is None:
            return self.customer()
        return customer_from(self._pick("kunder", {"personnummer"}))

    def _pick(self, section: str, keys: set[str] | frozenset[str]) -> ProfilePerson:
        """The profile's fullest entry in ``section`` that meets every need (profile order
        among equals, so a run is repeatable); a skip naming the need when none does."""
        assert self.profile is not None
        people = self.profile.section(section)
        candidates = [p for p in people if fits(p, keys)]
        if not candidates:
            pytest.skip(skip_line(section, keys, people))
        return max(candidates, key=completeness)

    def protected_customer(self) -> tuple[Customer, PuPerson]:
        """A protected customer, and what PU knows of them (that must never show).

        On the stub the journal holds the number and the mark only, while PU holds a
        full person; on live the profile may give that person's data for the checks.
        """
        if self.profile is None:
            customer = self.testdata.customer(protected=True)
            pu = pu_person(customer, "både mobil och e-post", sekretessmarkering=True)
            self._seed_pu(pu)
            return self._seeded(customer), pu
        person = self._pick("skyddade_kunder", self.needs)
        return customer_from(person, protected=True), pu_person_from(person)

    def reserve_customer(self) -> ReserveCustomer:
        """A reservnummer customer in the journal (seeded on the stub)."""
        if self.profile is None:
            return self._seeded(make_reserve_customer(self.testdata, with_number=True))
        return reserve_customer_from(self._pick("reservnummerkunder", self.needs))

    # --- customers a scenario may change ---------------------------------------------
    def customer_to_change(self, add_through_ui: Callable[[Customer], None]) -> Customer:
        """A customer that exists only for this scenario, so changing them harms no one.

        Stub: seeded. Live: a person from the ``ej_i_pu`` pool with fictional details,
        added by ``add_through_ui`` — never a profile customer, whose data must stay as
        the profile says.
        """
        if self.pools is None:
            return self._seeded(self.testdata.customer())
        customer = self.new_customer()
        add_through_ui(customer)
        return customer

    def reserve_customer_to_change(
        self, add_through_ui: Callable[[ReserveCustomer], ReserveCustomer]
    ) -> ReserveCustomer:
        """A reservnummer customer for this scenario alone (seeded, or added in the UI)."""
        if self.pools is None:
            return self._seeded(make_reserve_customer(self.testdata, with_number=True))
        return add_through_ui(make_reserve_customer(self.testdata))

    # --- people who are not customers yet ----------------------------------------------
    def new_customer(self, samordning: bool = False) -> Customer:
        """Someone to add: in neither the journal nor PU; fictional details to type.

        On live the number is the next free one of the profile's ``ej_i_pu`` pool;
        names, address, phone and e-mail are the suite's own fictional values.
        """
        if self.pools is None:
            return self.testdata.customer(samordning=samordning)
        need = NEW_SAMORDNINGSNUMMER if samordning else NEW_PERSONNUMMER
        person = self.pools.take(need.for_person(self.needs))
        return self.testdata.customer_with_number(number_from(person.number))

    def new_number(self, samordning: bool = False, *, ten_digits: bool = False) -> IdentityNumber:
        """A valid number that is in neither the journal nor PU (not the scenario's
        person: only its kind, and its age when typed with ten digits, matter)."""
        if self.pools is None:
            return self.testdata.customer(samordning=samordning).number
        need = NEW_SAMORDNINGSNUMMER if samordning else NEW_PERSONNUMMER
        return number_from(self.pools.take(need.for_number(ten_digits=ten_digits)).number)

    def new_reserve_customer(self) -> ReserveCustomer:
        """Someone whose number is unknown: details only, no identity number at all."""
        return make_reserve_customer(self.testdata)

    def new_customer_in_pu(self, sharing: str | None = None) -> tuple[Customer, PuPerson]:
        """A person PU knows who is not a customer yet, sharing ``delning`` from 1177
        (a key of ``SHARING``); ``None`` for a samordningsnummer PU knows, whatever it
        shares."""
        if self.pools is None:
            customer = self.testdata.customer(samordning=sharing is None)
            pu = pu_person(customer, sharing or "både mobil och e-post")
            self._seed_pu(pu)
            return customer, pu
        need = PU_SAMORDNINGSNUMMER if sharing is None else pu_sharing_need(sharing)
        person = self.pools.take(need.for_person(self.needs))
        return customer_from(person), pu_person_from(person)

    def new_protected_in_pu(self, protection: str) -> tuple[Customer, PuPerson]:
        """A protected person PU knows who is not a customer yet (``skydd`` as the profile
        writes it: ``sekretessmarkering`` or ``skyddad_folkbokforing``).

        The ``Kund`` carries fictional details, the ones a nurse might type by hand;
        PU's own record (which must never show) is the ``PuPerson``.
        """
        kinds = ("sekretessmarkering", "skyddad_folkbokforing")
        flags = {kind: protection == kind for kind in kinds}
        if self.pools is None:
            customer = self.testdata.customer()
            # PU holds the real name, address and contact data of a protected person too.
            real = self.testdata.customer_with_number(customer.number)
            pu = pu_person(real, "både mobil och e-post", **flags)
            self._seed_pu(pu)
            return customer, pu
        person = self.pools.take(pu_protected_need(protection).for_person(self.needs))
        customer = self.testdata.customer_with_number(number_from(person.number))
        # An entry without 'skydd' is protected all the same: PU says how, not the profile.
        return customer, replace(pu_person_from(person), **flags)

    def invalid_personnummer(self) -> IdentityNumber:
        """A personnummer with a wrong check digit: it can belong to no one."""
        if self.profile is None:
            return self.testdata.personnummer().with_wrong_check_digit()
        person = self._pick("kunder", {"personnummer"})
        return number_from(person.number).with_wrong_check_digit()

    # --- how PU-tjänsten answers (only the stub's PU can be told) ------------------------
    def set_pu_mode(self, mode: str) -> None:
        """``fel`` (every lookup fails) or ``langsam`` (slower than the journal waits).

        The mode is global for the worker's stub: ``restore`` puts it back after the
        scenario, so the worker's next scenario meets a working PU.
        """
        if mode not in PU_MODES:
            raise ValueError(f"okänt läge '{mode}' (finns: {', '.join(PU_MODES)})")
        self._control().set_pu_mode(mode)
        self._pu_mode = mode

    def restore(self) -> None:
        """Undo what the scenario changed in the target beyond its own people."""
        if self._pu_mode != "normal":
            self._control().set_pu_mode("normal")
            self._pu_mode = "normal"

    # --- stub seeding -----------------------------------------------------------------
    def _control(self) -> ControlClient:
        if self.stub_control is None:
            pytest.skip("Scenariot kräver stubbjournalens kontrollgränssnitt.")
        return self.stub_control

    def _seeded(self, customer: P) -> P:
        self._control().create_customers([customer.as_control_data()])
        return customer

    def _seed_pu(self, person: PuPerson) -> None:
        self._control().add_pu_people([person.as_control_data()])

