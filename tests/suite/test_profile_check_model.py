"""``./mvj profile check``'s judgement without a browser: a Kundkort against an entry,
the draft of what the entry leaves out, and what the scenarios need that nobody meets."""

from __future__ import annotations

from dataclasses import replace

import steps.people
import steps.pu
import steps.search  # noqa: F401
from mvj_suite.live.profile_check import (
    CardRead,
    ScenarioNeeds,
    compare_card,
    coverage,
    draft_fields,
    draft_yaml,
    split_address,
)
from mvj_suite.model.profile import ProfilePerson

from .stub_profile import load_stub_profile

KARIN = ProfilePerson("19850315-2426", "Karin", "Lindqvist", mobile="070-174 06 07",
                      contact_route="E-post", entry="kunder[2]")  # fmt: skip
CARD = CardRead(True, {
    "personnummer": "19850315-2426", "birth_date": "1985-03-15",
    "address": "c/o Andersson, Lönngatan 21, 456 78 Provköping",
    "mobile": "0701740607", "email": "karin.lindqvist@example.se", "contact_route": "E-post",
    "consent": "Nej",
})  # fmt: skip


def test_the_address_is_read_back_in_its_parts() -> None:
    assert split_address(CARD.values["address"]) == (
        "c/o Andersson, Lönngatan 21", "456 78", "Provköping")  # fmt: skip
    assert split_address("Provgatan 12, 12345 Exempelby") == ("Provgatan 12", "123 45", "Exempelby")
    assert split_address("") is None


def test_each_stated_field_is_compared_and_only_those() -> None:
    assert compare_card(KARIN, CARD) == []  # another notation of the same number agrees
    edited = replace(KARIN, mobile="070-174 06 99", city="Exempelby")
    differences = compare_card(edited, CARD)
    assert [(d.entry, d.field) for d in differences] == [("kunder[2]", "ort"),
                                                         ("kunder[2]", "mobiltelefon")]  # fmt: skip
    assert differences[1].profile == "070-174 06 99" and differences[1].journal == "0701740607"
    renamed = compare_card(KARIN, replace(CARD, heading_matches=False))
    assert [d.field for d in renamed] == ["fornamn/efternamn"]


def test_the_draft_holds_what_the_card_shows_and_the_entry_leaves_out() -> None:
    draft = draft_fields(KARIN, CARD)
    assert draft == {"utdelningsadress": "c/o Andersson, Lönngatan 21", "postnummer": "456 78",
                     "ort": "Provköping", "epost": "karin.lindqvist@example.se",
                     "samtycke": "nej"}  # fmt: skip
    lines = draft_yaml({"kunder": [(KARIN, draft)]})
    assert "  - nummer: 19850315-2426  # kunder[2]" in lines
    assert "    samtycke: nej" in lines
    assert draft_yaml({"kunder": [(KARIN, {})]})[-1].startswith("# (inget att lägga till")


def test_coverage_names_each_need_nobody_meets_and_the_scenarios_it_skips() -> None:
    profile = load_stub_profile()
    first_name = ScenarioNeeds(
        "Sök på förnamn", ("att det finns en kund i journalen", "hon söker på kundens förnamn"),
        False,
    )
    fetch = ScenarioNeeds("Samordningsnummer från PU", (
        "att det finns en ny kund med samordningsnummer i PU-tjänsten",
        "har namn och adress hämtats från PU-tjänsten"), True)  # fmt: skip
    assert coverage(profile, [first_name, fetch]) == []
    short_names = replace(profile, customers=tuple(
        p for p in profile.customers if len(p.first_name) < 4))  # fmt: skip
    no_address = replace(profile, pu_samordningsnummer=tuple(
        replace(p, street_address="") for p in profile.pu_samordningsnummer))  # fmt: skip
    (gap,) = coverage(short_names, [first_name, fetch])
    assert gap.where.startswith("'kunder' med ett förnamn på minst fyra tecken")
    assert gap.scenarios == [("Sök på förnamn", False)] and "fornamn" in gap.fill
    (gap,) = coverage(no_address, [first_name, fetch])
    assert gap.where == "samordningsnummer_i_pu (adress, namn)"
    assert "utdelningsadress" in gap.fill and gap.scenarios == [("Samordningsnummer från PU", True)]
