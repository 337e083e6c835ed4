"""The bundled example data as documented: every seeded identity appears in its guide.

Trainers and testers pick people from docs/stubben.md (the journal's customers) and
docs/pu-tjansten.md (PU-tjänsten's persons); a person in the seed but not in the
guide is one nobody can find, and a guide that names a removed person misleads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mvj_stub.breaks import CATALOGUE
from mvj_stub.pu.seed import DEFAULT_PERSONS
from mvj_stub.seed import DEFAULT_CUSTOMERS

REPO = Path(__file__).resolve().parents[2]
# A personnummer, samordningsnummer or reservnummer as a guide writes it.
_NUMBER = re.compile(r"(?<!\d)(\d{8})-?(\d{4})(?!\d)")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def documented_numbers(text: str) -> set[str]:
    return {a + b for a, b in _NUMBER.findall(text)}


def _protected(person: dict) -> bool:
    return any(
        person.get(key) for key in ("skyddad", "sekretessmarkering", "skyddad_folkbokforing")
    )


def undocumented(seed: list[dict], text: str) -> list[str]:
    """Seeded people whose number, or name when the seed gives one, is not in ``text``.

    A protected person's name is left out of the guides on purpose: only the number.
    """
    numbers = documented_numbers(text)
    missing = []
    for person in seed:
        number = _digits(str(person["nummer"]))
        names = (
            []
            if _protected(person)
            else [person[key] for key in ("fornamn", "efternamn") if person.get(key)]
        )
        if number not in numbers or any(name not in text for name in names):
            missing.append(str(person["nummer"]))
    return missing


@pytest.mark.parametrize(
    ("guide", "seed"),
    [("stubben.md", DEFAULT_CUSTOMERS), ("pu-tjansten.md", DEFAULT_PERSONS)],
)
def test_every_seeded_person_is_in_the_guide(guide: str, seed: list[dict]) -> None:
    text = (REPO / "docs" / guide).read_text(encoding="utf-8")
    assert undocumented(seed, text) == []


def test_the_check_finds_a_person_left_out_and_accepts_both_notations() -> None:
    seed = [
        {"nummer": "19121212-1212", "fornamn": "Tolvan", "efternamn": "Tolvansson"},
        {"nummer": "197811221824", "fornamn": "Linnea", "sekretessmarkering": True},
    ]
    assert undocumented(seed, "| 191212121212 | Tolvan Tolvansson |\n| 19781122-1824 |") == []
    assert undocumented(seed, "| 19121212-1212 | Tolvan |") == ["19121212-1212", "197811221824"]


def test_every_breakable_rule_is_documented_and_nothing_else() -> None:
    text = (REPO / "docs" / "mutation.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \| ", text, flags=re.M))
    assert documented == {entry.name for entry in CATALOGUE}
