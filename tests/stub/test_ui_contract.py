"""One UI contract: the words the page objects look for (``pages/vocabulary.py``) are
the words the stub renders, and the reverse.

The stub is driven through every view and message of the routine over real TLS, and
what it sends is read as text. Each contract string of the vocabulary must be among
it (a template's fixed parts, around its placeholders). Each name the stub gives a
button, heading, label, group, dialog, table, column, alert or status must be a
vocabulary string, or on the short list of the stub's own words that the contract
leaves to a journal (STUB_ONLY). A wording changed on one side only fails here,
not in a browser half-way through the suite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest

from mvj_stub.server import RunningStub
from pages import vocabulary as v

from .conftest import TOLVAN, Client, control, dialog_fields, pu_person, seed, seed_pu

PROTECTED = {"nummer": "201701012393", "skyddad": True}
RESERVE_CUSTOMER = {"nummer": "991981000010", "fornamn": "Mateo", "efternamn": "Rossi",
                    "fodelsedatum": "1981-06-14", "kon": "Man"}
NEW_NUMBER = "194508121235"
# Words the stub renders that the contract leaves to a journal (journal-ui.md names no
# text for them): its name in the page title and footer, the consent hint, the inactivity
# page's link … A new entry here is a decision, not a way to make the test pass.
STUB_ONLY = {
    "MittVaccin Journal", "Meny", "Huvudmeny", "Sökfält", "Kundkort", "Logga in igen",
    "Används endast av privata vårdgivare – ska inte markeras av regionen.",
    "Uppgifterna har hämtats från PU-tjänsten.",  # no confirmation in the contract
}
# The Kundkort's heading is the customer's name: data, not a word of the contract.
DATA_NAMES = {"Tolvan Tolvansson", "Mateo Rossi"}


def _texts(html: str) -> str:
    """The page as a reader gets it: tags gone, entities read, whitespace as one space."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _names(html: str) -> set[str]:
    """The names the stub gives the contract's kinds of element."""
    found: set[str] = set()
    patterns = [
        r"<button\b[^>]*>(.*?)</button>", r"<h[12]\b[^>]*>(.*?)</h[12]>",
        r"<label\b[^>]*>(.*?)</label>", r"<legend\b[^>]*>(.*?)</legend>",
        r"<th\b[^>]*>(.*?)</th>", r"<caption\b[^>]*>(.*?)</caption>",
        r"<dt\b[^>]*>(.*?)</dt>",
        r'role="(?:alert|status)"[^>]*>(.*?)</(?:p|div|span)>',
    ]
    for pattern in patterns:
        for inner in re.findall(pattern, html, flags=re.S | re.I):
            # A control inside a label (a checkbox) keeps the label's words only.
            text = " ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split())
            if text:
                found.add(text)
    found |= {unescape(name) for name in re.findall(r'aria-label="([^"]+)"', html)}
    return found


def _contract_strings() -> list[tuple[str, str]]:
    """(where in the vocabulary, text) for every string of the UI contract."""
    skip = {"JOURNAL_VERSION", "KEYS", "KEY_NAMES", "FOCUS_TARGETS", "FOCUS_MESSAGES",
            "FOCUS_QUESTIONS"}  # the suite's own words (the module says so)
    strings: list[tuple[str, str]] = []

    def add(where: str, value: Any) -> None:
        if isinstance(value, str):
            strings.append((where, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                add(f"{where}[{key!r}]", item)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                add(f"{where}[{index}]", item)

    for name in dir(v):
        if name.isupper() and name not in skip:
            add(name, getattr(v, name))
    return strings


def _fixed_parts(template: str) -> list[str]:
    return [part.strip() for part in re.split(r"\{[a-z_]+\}", template) if part.strip()]


@pytest.fixture(scope="module")
def rendered(stub: RunningStub, card_pems) -> Iterator[list[str]]:
    """Every page and message of the routine as the stub sends it."""
    assert control(stub, "POST", "/_kontroll/aterstall", {}).status == 200
    pages: list[str] = []

    def add(reply: Any) -> None:
        """A page, not a redirect (Werkzeug's "Redirecting..." body)."""
        assert reply.status < 500, reply.text
        if not 300 <= reply.status < 400:
            pages.append(reply.text)

    def client(card: str | None = "sjukskoterska") -> Client:
        return Client(stub, card_pems[card] if card else None)

    nurse = client()
    # §1: the login page, refusals, the logged-out and inactivity pages
    add(client(None).get("/"))
    add(client(None).login())
    add(client("utan-behorighet").login())
    assert nurse.login().status == 303
    # §2.1: the search page and what a search can answer
    tolvan, protected, reserve = seed(stub, TOLVAN, PROTECTED, RESERVE_CUSTOMER)
    for query in ("", "abc", "Zzyzxqw", "19121212-1213", NEW_NUMBER, "Tolvansson"):
        add(nurse.get(f"/sok?q={query}"))
    # The Kundkort, saved and protected, and what a protected customer refuses
    add(nurse.get(f"/kunder/{tolvan['id']}?sparad=1"))
    add(nurse.get(f"/kunder/{protected['id']}"))
    add(nurse.get(f"/kunder/{protected['id']}/andra"))
    add(nurse.get(f"/kunder/{reserve['id']}"))
    # §2.2: the dialog, PU's three answers, every refusal, a duplicate
    add(nurse.get(f"/kunder/ny?nummer={NEW_NUMBER}"))
    seed_pu(stub, pu_person())
    add(nurse.post_form("/kunder/ny/hamta", {"nummer": pu_person()["nummer"],
                                 "atgard": "hamta", **dialog_fields()}))
    add(nurse.post_form("/kunder/ny/hamta", {"nummer": NEW_NUMBER, "atgard": "hamta",
                                                      **dialog_fields()}))
    assert control(stub, "POST", "/_kontroll/pu/lage", {"lage": "fel"}).status == 200
    add(nurse.post_form("/kunder/ny/hamta", {"nummer": pu_person()["nummer"],
                                 "atgard": "hamta", **dialog_fields()}))
    assert control(stub, "POST", "/_kontroll/pu/lage", {"lage": "normal"}).status == 200
    invalid = dialog_fields(postnummer="1234", mobiltelefon="070-174", epost="kund@")
    add(nurse.post_form("/kunder/ny", {"nummer": NEW_NUMBER, "atgard": "spara",
                                                **invalid}))
    add(nurse.post_form("/kunder/ny", {"nummer": "191212121212", "atgard": "spara",
                                 **dialog_fields(fornamn="Ny", efternamn="Tolvan")}))
    # §2.3: Lägg till ny kund, the reservnummer dialog and its refusals
    add(nurse.get("/kunder/ny"))
    add(nurse.get("/kunder/ny/reservnummer"))
    for birth_date in ("", "1985-02-30", "2999-01-01"):
        add(nurse.post_form("/kunder/ny/reservnummer", {
            "atgard": "spara", **dialog_fields(fodelsedatum=birth_date)}))
    # §2.4: Ändra kund, and replacing a reservnummer with a taken or an invalid number
    add(nurse.get(f"/kunder/{tolvan['id']}/andra"))
    add(nurse.get(f"/kunder/{reserve['id']}/andra"))
    for number in ("19121212-1212", "19121212-1213"):
        add(nurse.post_form(f"/kunder/{reserve['id']}/andra", {
            "atgard": "spara", **dialog_fields(nytt_nummer=number, fornamn="Mateo",
                                               efternamn="Rossi")}))
    # §1: logging out, and the page that ends a session after 45 minutes
    add(nurse.post("/logga-ut"))
    add(nurse.get("/utloggad"))
    assert nurse.login().status == 303
    add(nurse.get("/utloggad/inaktivitet"))
    yield pages
    assert control(stub, "POST", "/_kontroll/aterstall", {}).status == 200


@pytest.mark.parametrize(("where", "text"), _contract_strings())
def test_every_vocabulary_string_is_what_the_stub_renders(
    rendered: list[str], where: str, text: str
) -> None:
    shown = " ".join(_texts(page) for page in rendered)
    missing = [part for part in _fixed_parts(text) if part not in shown]
    assert missing == [], f"{where}: stubben visar aldrig {missing}"


def test_every_name_the_stub_renders_is_in_the_vocabulary(rendered: list[str]) -> None:
    contract = [text for _where, text in _contract_strings()]
    patterns = [re.compile("^" + ".+".join(map(re.escape, re.split(r"\{[a-z_]+\}", text)))
                           + "$") for text in contract if "{" in text]
    exact = {text for text in contract if "{" not in text} | STUB_ONLY | DATA_NAMES
    names = set().union(*(_names(page) for page in rendered))
    loose = sorted(name for name in names
                   if name not in exact and not any(p.match(name) for p in patterns))
    assert loose == [], f"namn som stubben visar men pages/vocabulary.py saknar: {loose}"


def test_the_check_catches_a_word_the_vocabulary_lacks() -> None:
    page = '<button type="submit">Spara ändringar</button><h1>Sök kund</h1>'
    assert _names(page) == {"Spara ändringar", "Sök kund"}
    assert "Spara ändringar" not in {text for _where, text in _contract_strings()}
