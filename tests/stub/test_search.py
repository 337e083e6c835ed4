"""Sök kund (§2.1) over HTTPS, logged in with the nurse's card."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import ASA, PROTECTED, SAMORDNING, TOLVAN, Client, seed

NOT_FOUND_NUMBER = "Personnumret finns inte i MittVaccin Journal. Vill du lägga till kunden?"


@pytest.fixture
def customers(journal) -> dict[str, int]:
    added = seed(journal, TOLVAN, ASA, SAMORDNING, PROTECTED)
    return {name: entry["id"] for name, entry in
            zip(("tolvan", "asa", "samordning", "skyddad"), added, strict=True)}


def find(nurse: Client, text: str):
    reply = nurse.get(f"/sok?q={quote(text)}")
    assert reply.status == 200
    return reply


def names(reply) -> list[str]:
    return [row[1] for row in reply.result_rows()]


def test_three_characters_never_search(nurse: Client, customers) -> None:
    reply = find(nurse, "  Tol  ")
    assert reply.by_role("alert") == ["Ange minst fyra tecken."]
    assert reply.result_rows() == []


def test_four_characters_search(nurse: Client, customers) -> None:
    reply = find(nurse, "tolv")
    assert names(reply) == ["Tolvan Tolvansson"]
    assert reply.result_rows()[0] == ["19121212-1212", "Tolvan Tolvansson",
                                      "Storgatan 1, 123 45 Stockholm"]
    assert "<caption>Sökresultat</caption>" in reply.text


@pytest.mark.parametrize("text", [
    "19121212-1212", "191212121212", "19121212+1212", "121212+1212", "1212121212+",
])
def test_personnummer_in_any_notation(nurse: Client, customers, text: str) -> None:
    reply = find(nurse, text)
    if text.endswith("+"):  # not an identity-number shape: searched as a name
        assert reply.by_role("status") == ["Inga kunder hittades."]
    else:
        assert names(reply) == ["Tolvan Tolvansson"]


def test_ten_digits_with_hyphen_is_the_latest_century(nurse: Client, customers) -> None:
    # 121212-1212 is born 2012-12-12, not Tolvan (contract)
    reply = find(nurse, "121212-1212")
    assert reply.by_role("status") == [NOT_FOUND_NUMBER]
    assert "Lägg till kund</button>" in reply.text
    assert 'name="nummer" value="201212121212"' in reply.text


@pytest.mark.parametrize("text", ["701063-2391", "197010632391", "7010632391"])
def test_samordningsnummer(nurse: Client, customers, text: str) -> None:
    assert names(find(nurse, text)) == ["Sam Ordning"]


@pytest.mark.parametrize("text", ["19121212-1213", "121212-1213", "191212121213",
                                  "19121312-1212"])
def test_wrong_check_digit_or_date(nurse: Client, customers, text: str) -> None:
    reply = find(nurse, text)
    assert reply.by_role("alert") == ["Ogiltigt personnummer."]
    assert reply.result_rows() == []


def test_unknown_valid_number_offers_to_add(nurse: Client, customers) -> None:
    reply = find(nurse, "201701012393".replace("2393", "2385"))
    # 20170101-2385 is valid but no customer
    assert reply.by_role("status") == [NOT_FOUND_NUMBER]
    assert reply.by_role("alert") == []


@pytest.mark.parametrize("text", ["åsa-", "ÅSA-MÄRTA", "märta", "ängström", "Öberg",
                                  "åsa- öberg", "Märta Ängström", "ÄNGS"])
def test_name_parts_case_insensitive_with_aao(nurse: Client, customers, text: str) -> None:
    assert names(find(nurse, text)) == ["Åsa-Märta Öberg Ängström"]


def test_every_term_must_match(nurse: Client, customers) -> None:
    reply = find(nurse, "Tolvan Öberg")
    assert reply.by_role("status") == ["Inga kunder hittades."]


@pytest.mark.parametrize("text", ["0701740605", "070-174 06 05", "+46 70 174 06 05",
                                  "+46 (0)70-174 06 05", "0046701740605", "070 1740605"])
def test_full_phone_in_any_notation(nurse: Client, customers, text: str) -> None:
    assert names(find(nurse, text)) == ["Tolvan Tolvansson"]


@pytest.mark.parametrize("text", ["070-174 06", "1740605", "070174060", "+46 70 174"])
def test_partial_phone_never_matches(nurse: Client, customers, text: str) -> None:
    reply = find(nurse, text)
    assert reply.result_rows() == []
    assert reply.by_role("status") == ["Inga kunder hittades."]


@pytest.mark.parametrize("text", ["tolvan.tolvansson@example.se",
                                  "TOLVAN.TOLVANSSON@EXAMPLE.SE",
                                  " Tolvan.Tolvansson@Example.se "])
def test_full_email_case_insensitive(nurse: Client, customers, text: str) -> None:
    assert names(find(nurse, text)) == ["Tolvan Tolvansson"]


def test_partial_email_never_matches(nurse: Client, customers) -> None:
    assert find(nurse, "tolvan.tolvansson@example").result_rows() == []
    assert find(nurse, "@example.se").result_rows() == []


def test_protected_customer_found_by_number_only(nurse: Client, customers) -> None:
    reply = find(nurse, "20170101-2393")
    assert reply.result_rows() == [["20170101-2393", "Skyddad identitet", ""]]
    assert find(nurse, "Skyddad identitet").result_rows() == []


def test_reservnummer_searchable(nurse: Client, journal) -> None:
    seed(journal, {"nummer": "991981000010", "fornamn": "Reserv", "efternamn": "Person",
                   "fodelsedatum": "1981-05-06", "kon": "Okänt"})
    assert find(nurse, "991981000010").result_rows()[0][:2] == ["991981000010",
                                                                "Reserv Person"]


def test_one_row_per_customer(nurse: Client, journal) -> None:
    seed(journal, {**TOLVAN, "nummer": "19121212-1212"},
         {**TOLVAN, "nummer": "201701012393", "fornamn": "Tolva"})
    assert sorted(names(find(nurse, "tolv"))) == ["Tolva Tolvansson", "Tolvan Tolvansson"]
    assert len(find(nurse, "0701740605").result_rows()) == 2


def test_names_render_as_text(nurse: Client, journal) -> None:
    seed(journal, {"nummer": "198001010001", "fornamn": "<script>x()</script>",
                   "efternamn": "Skript"})
    reply = find(nurse, "skript")
    assert "<script>x()" not in reply.text
    assert "&lt;script&gt;x()&lt;/script&gt;" in reply.text
