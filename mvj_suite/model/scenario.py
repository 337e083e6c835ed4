"""What a scenario has established so far: the one typed record its steps share.

pytest-bdd hands values from step to step as fixtures. Page objects travel that
way (``user``, ``dialog``, ``customer_card``, ``search_page``); the people and
values a scenario gathers live here instead, in one record per scenario, so a
step reads ``scenario.customer`` and gets the customer — or one Swedish line
that names the missing Given — instead of probing for fixtures that may not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mvj_suite.model.customers import PuPerson, ReserveCustomer
from mvj_suite.model.details import CustomerDetails
from mvj_suite.model.testdata import Customer

Person = Customer | ReserveCustomer  # someone with a known number, or someone without one


class ScenarioError(LookupError):
    """A step needs something no earlier step of the scenario established."""


@dataclass(frozen=True)
class Subject:
    """The customer a scenario changes or reads, whatever kind of number they have."""

    number_key: str  # the Kundkort label's key: "personnummer" or "reservnummer"
    number: str  # as the journal shows it
    born: str
    details: CustomerDetails  # what a test profile leaves out is unknown in them


@dataclass
class ScenarioState:
    person: Person | None = None  # "kunden": the person the scenario is about
    reserve_customer: ReserveCustomer | None = None  # a reservnummer customer in the journal
    other_customer: Customer | None = None  # "en annan kund"
    pu_records: dict[str, PuPerson] = field(default_factory=dict)  # PU's, by 12 digits
    pu_mode: str = "normal"  # how PU answers; only the stub can be told otherwise
    expected: CustomerDetails = field(default_factory=CustomerDetails)  # the open dialog
    reservnummer: str = ""  # the number the journal gave on Spara
    new_number: str = ""  # the number typed over a reservnummer

    @property
    def customer(self) -> Customer:
        """The scenario's person, who has a personnummer or samordningsnummer."""
        if not isinstance(self.person, Customer):
            raise ScenarioError(
                "Scenariot har ingen kund med känt nummer – saknas ett Givet-steg om kunden?"
            )
        return self.person

    @property
    def known_customer(self) -> Customer | None:
        """The scenario's person if they have a known number; None otherwise."""
        return self.person if isinstance(self.person, Customer) else None

    @property
    def someone(self) -> Person:
        """The scenario's person, with or without a known number."""
        if self.person is None:
            raise ScenarioError("Scenariot har ingen kund – saknas ett Givet-steg om kunden?")
        return self.person

    @property
    def unnumbered(self) -> ReserveCustomer:
        """The scenario's person when their number is unknown (added with a reservnummer)."""
        if not isinstance(self.person, ReserveCustomer):
            raise ScenarioError("Scenariots kund har inget okänt nummer – här behövs en utan.")
        return self.person

    @property
    def reserve(self) -> ReserveCustomer:
        if self.reserve_customer is None:
            raise ScenarioError(
                "Scenariot har ingen kund med reservnummer – saknas ett Givet-steg om henne?"
            )
        return self.reserve_customer

    @property
    def other(self) -> Customer:
        if self.other_customer is None:
            raise ScenarioError("Scenariot har ingen annan kund – saknas ett Givet-steg?")
        return self.other_customer

    def known_to_pu(self, customer: Customer, record: PuPerson) -> Customer:
        """``customer`` is the scenario's person, and this is what PU knows of them."""
        self.person = customer
        self.pu_records[record.number.twelve()] = record
        return customer

    @property
    def pu_record(self) -> PuPerson | None:
        """PU's record of the scenario's person (None: PU does not know them)."""
        key = self.person.pu_key if self.person is not None else None
        return self.pu_records.get(key or "")

    @property
    def pu_record_required(self) -> PuPerson:
        record = self.pu_record
        if record is None:
            raise ScenarioError("PU-tjänsten känner inte scenariots kund – saknas ett Givet-steg?")
        return record

    def subject(self) -> Subject:
        """The customer whose Kundkort the scenario opens or changes: a reservnummer
        customer when the scenario has one, else the scenario's person."""
        reserve = self.reserve_customer
        if reserve is not None:
            born = reserve.birth_date.isoformat()
            return Subject("reservnummer", reserve.reservnummer, born, reserve.details)
        customer, born = self.customer, self.customer.number.born.isoformat()
        return Subject("personnummer", customer.number.display, born, customer.details)
