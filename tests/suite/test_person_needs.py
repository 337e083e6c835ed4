"""A person who fits each scenario: needs from the Gherkin, and a pick or a skip that says why.

The three failures a correct journal once got from the suite, each as a test:
a three-letter first name searched, a samordningsnummer person without ``delar``
read as sharing nothing, and a reservnummer customer without an address read as
having none.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

import steps.people
import steps.protected
import steps.pu
import steps.search  # noqa: F401
from mvj_suite.core.journal_data import JournalData
from mvj_suite.model.data_problems import ProfileDataMismatch, data_problem_of
from mvj_suite.model.details import CustomerDetails
from mvj_suite.model.person_needs import (
    Requirement,
    fits,
    needs_of_steps,
    requirements_of,
    skip_line,
)
from mvj_suite.model.pools import PoolNeed, needs_of
from mvj_suite.model.profile import Profile, ProfilePerson
from mvj_suite.model.profile_people import customer_from, pu_person_from, reserve_customer_from
from mvj_suite.model.testdata import TestData
from steps.known_values import check_field, check_fields

from .stub_profile import load_stub_profile

LOGIN = "att sjuksköterskan Sara är inloggad"
CUSTOMER = "att det finns en kund i journalen"
# The fullest entry: before the needs, every customer scenario took her.
ASA = ProfilePerson("19610423-9824", "Åsa", "Ölund", mobile="070-1740633",
                    email="asa.olund@example.se", contact_route="Båda", consent="nej",
                    entry="kunder[1]")  # fmt: skip
EVA = ProfilePerson("19550618-9843", "Eva", "Ek", entry="kunder[2]")
TOLVAN = ProfilePerson("19121212-1212", "Tolvan", "Tolvansson", street_address="Provgatan 12",
                       postcode="123 45", city="Exempelby", entry="kunder[3]")  # fmt: skip


def _profile(**sections: tuple[ProfilePerson, ...]) -> Profile:
    return replace(load_stub_profile(), **sections)


def _data(profile: Profile, *steps: str) -> JournalData:
    return JournalData(TestData(seed=1), None, profile, None, needs_of_steps(steps))


# --- needs from the steps, per example row ----------------------------------------------------
def test_each_example_row_states_its_own_needs() -> None:
    search = "hon söker på "
    assert needs_of_steps([LOGIN, CUSTOMER, search + "kundens förnamn"]) == {"fornamn_fyra"}
    assert needs_of_steps([search + "en del av kundens efternamn med å, ä eller ö"]) == {
        "efternamn_aao"}  # fmt: skip
    assert needs_of_steps([search + "kundens telefonnummer skrivet med mellanslag"]) == {"mobil"}
    assert needs_of_steps([search + "kundens e-postadress med versaler"]) == {"epost"}
    ten = needs_of_steps([search + "kundens personnummer skrivet som 10 siffror med bindestreck"])
    assert ten == {"under_hundra"}
    assert needs_of_steps([search + "kundens personnummer skrivet som 12 siffror"]) == set()
    keyboard = "hon söker med tangentbordet på kundens förnamn"
    assert needs_of_steps([keyboard]) == {"fornamn_fyra"}


def test_a_name_search_never_gets_a_three_letter_first_name() -> None:
    """Åsa has the å/ö for one row; the first-name row gets someone with four letters."""
    profile = _profile(customers=(ASA, EVA, TOLVAN))
    first_name = _data(profile, CUSTOMER, "hon söker på kundens förnamn").customer()
    assert first_name.first_name == "Tolvan"
    aao = _data(profile, CUSTOMER, "hon söker på en del av kundens efternamn med å, ä eller ö")
    assert aao.customer().last_name == "Ölund"


def test_nobody_fits_skips_with_the_need_and_the_section_to_fill() -> None:
    profile = _profile(customers=(ASA, EVA))
    with pytest.raises(pytest.skip.Exception) as skipped:
        _data(profile, CUSTOMER, "hon söker på kundens förnamn").customer()
    reason = str(skipped.value)
    assert reason == skip_line("kunder", {"personnummer", "fornamn_fyra"}, profile.customers)
    assert reason.startswith("Testdataprofilen har ingen person i 'kunder' med ett förnamn på "
                             "minst fyra tecken")  # fmt: skip
    # The entry closest to fitting, and only what it lacks.
    assert "närmast är kunder[1], som saknar ett förnamn på minst fyra tecken" in reason
    assert reason.endswith("fyll i fornamn där, eller lägg till någon."), reason


def test_requirements_name_the_section_and_what_the_scenario_needs() -> None:
    steps = [LOGIN, CUSTOMER, "hon söker på kundens e-postadress"]
    assert requirements_of(steps) == [Requirement("kunder", frozenset({"personnummer", "epost"}))]
    other = "att det finns en annan kund i journalen"
    assert requirements_of([other, "hon söker på kundens förnamn"]) == [
        Requirement("kunder", frozenset({"personnummer"}))]  # fmt: skip


def test_a_pu_fetch_needs_the_sharing_stated_with_its_values() -> None:
    steps = ["att det finns en ny kund med samordningsnummer i PU-tjänsten",
             "hon hämtar uppgifterna från PU-tjänsten",
             "har namn och adress hämtats från PU-tjänsten",
             "är mobiltelefon och e-postadress hämtade enligt vad kunden delar från 1177",
             ]  # fmt: skip
    (need,) = needs_of(steps)
    assert need == PoolNeed("samordningsnummer_i_pu", requires=("adress", "delar", "namn"))
    without_sharing = ProfilePerson("19421074-9851", "Selma", "Lövgren", street_address="S 1",
                                    postcode="973 82", city="Exempelby")  # fmt: skip
    assert not need.matches(without_sharing)  # no 'delar': unknown, not "nothing"
    shares_both = replace(without_sharing, shares="bada", mobile="070-1740622")
    assert not need.matches(shares_both)  # shares e-mail the profile does not give
    assert need.matches(replace(shares_both, email="selma.lovgren@example.se"))
    assert fits(replace(without_sharing, shares="inget"), {"delar"})  # 'inget' is a statement


def test_people_whose_details_the_suite_makes_up_need_only_kind_and_age() -> None:
    steps = ["att det finns en ny kund som inte finns i journalen",
             "hon söker på kundens personnummer skrivet som 10 siffror med bindestreck",
             "hon söker på kundens förnamn"]  # fmt: skip
    assert needs_of(steps) == [PoolNeed("ej_i_pu", kind="personnummer", requires=("under_hundra",))]


# --- absent is unknown, never empty ----------------------------------------------------------
def test_what_the_profile_leaves_out_is_unknown() -> None:
    details = customer_from(TOLVAN).details
    assert {"mobile", "email", "contact_route", "consent"} <= details.unknown
    assert details.known("street_address") and details.origin == "kunder[3]"
    typed = details.updated(mobile="070-174 06 05")
    assert typed.known("mobile") and "mobile" not in typed.from_profile
    li = ProfilePerson("991990000274", "Li", "Wu", birth_date="1990-02-11", entry="x[1]")
    reserve = reserve_customer_from(li)
    assert {"street_address", "postcode", "city"} <= reserve.details.unknown
    record = pu_person_from(ProfilePerson("19990814-9819", "Maja", "H", email="m@example.se",
                                          shares="epost"))  # fmt: skip
    assert record.shares_email and not record.shares_mobile


def test_an_unknown_field_is_never_checked_and_a_stated_one_names_the_profile() -> None:
    details = customer_from(TOLVAN).details
    calls: list[str] = []

    def fails() -> None:
        calls.append("checked")
        raise AssertionError("Locator expected to have text '070-…'")

    check_field(details, "mobile", "Kundkortet", fails)  # unknown: not even looked at
    check_fields(details, ("street_address", "mobile"), "Kundkortet", fails)
    assert calls == []
    with pytest.raises(ProfileDataMismatch) as mismatch:
        check_field(details, "city", "Kundkortet", fails)
    message = str(mismatch.value)
    assert data_problem_of(message) == "kunder[3], fält ort"
    assert "070" not in message  # no values in a failure text: they go into artefacts
    own = CustomerDetails(city="Exempelby")  # the scenario's own typed values
    with pytest.raises(AssertionError) as plain:
        check_field(own, "city", "Kundkortet", fails)
    assert not isinstance(plain.value, ProfileDataMismatch)
