"""``profiles/stubb.yaml`` describes the stub's example data, and it suffices for a full run.

``./mvj live-against-stub`` proves the live path with this profile: if it said
something the stub does not hold, scenarios would fail for the profile's sake,
and if its pools were too small, a full run would stop before it starts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from mvj_stub.pu.seed import DEFAULT_PERSONS
from mvj_stub.seed import DEFAULT_CUSTOMERS
from mvj_suite.core.settings import ROOT
from mvj_suite.model.identities import parse_identity
from mvj_suite.model.profile import PERSON_KEYS

from .stub_profile import PROFILE, load_stub_profile, placeholder_card_env

# The profile's keys, which are the stub's seed keys too (ProfilePerson field via PERSON_KEYS).
PROFILE_FIELDS = ("fornamn", "efternamn", "postnummer", "ort", "mobiltelefon", "epost")


def _digits(number: str) -> str:
    return parse_identity(str(number)).digits


CUSTOMERS = {_digits(c["nummer"]): c for c in DEFAULT_CUSTOMERS}
PU = {_digits(p["nummer"]): p for p in DEFAULT_PERSONS}


def _pu_address(person: dict) -> str:
    return ", ".join(part for part in (person.get("care_of"), person.get("utdelningsadress"))
                     if part)  # fmt: skip


def test_customers_are_the_stubs_example_customers() -> None:
    profile = load_stub_profile()
    for person in (*profile.customers, *profile.reserve_customers):
        seeded = CUSTOMERS[_digits(person.number)]
        for field in (*PROFILE_FIELDS, "utdelningsadress", "kontaktvag", "fodelsedatum", "kon"):
            value = getattr(person, PERSON_KEYS[field])
            if value:
                assert value == str(seeded.get(field, "")), (person, field)
        if person.consent:
            assert (person.consent == "ja") == seeded.get("samtycke", False)
    for person in profile.protected_customers:
        assert CUSTOMERS[_digits(person.number)].get("skyddad") is True
        pu = PU[_digits(person.number)]
        assert person.protection and pu.get(person.protection) is True
        assert (person.first_name, person.last_name) == (pu["fornamn"], pu["efternamn"])


def test_pools_are_pu_persons_who_are_not_customers() -> None:
    profile = load_stub_profile()
    for section in ("pu_personer", "samordningsnummer_i_pu", "pu_skyddade"):
        for person in profile.section(section):
            digits = _digits(person.number)
            assert digits not in CUSTOMERS, (section, person.number)
            pu = PU[digits]
            assert pu.get("svar", "hittad") == "hittad"
            protected = pu.get("sekretessmarkering") or pu.get("skyddad_folkbokforing")
            assert bool(protected) == (section == "pu_skyddade"), person.number
            if protected:
                assert pu.get(person.protection) is True, person.number
            for field in PROFILE_FIELDS:
                value = getattr(person, PERSON_KEYS[field])
                if value:
                    assert value == pu.get(field, ""), (person.number, field)
            if person.street_address:
                assert person.street_address == _pu_address(pu), person.number
            if section != "pu_skyddade":
                shares = {(True, True): "bada", (True, False): "mobil",
                          (False, True): "epost", (False, False): "inget"}  # fmt: skip
                key = (bool(pu.get("delar_mobil")), bool(pu.get("delar_epost")))
                assert person.shares == shares[key], person.number
    for person in profile.not_in_pu:
        digits = _digits(person.number)
        assert digits not in CUSTOMERS
        assert PU.get(digits, {"svar": "saknas"}).get("svar") == "saknas", person.number


def _collect(profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The live run's collection with ``profile``: the budget, no journal needed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MVJ_", "PYTEST_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--collect-only",
         "-q", "-p", "no:cacheprovider", "--target=live", "--base-url=https://127.0.0.1:9",
         "--cdp-url=http://127.0.0.1:9", f"--test-data={profile}", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**env, **placeholder_card_env()},
    )  # fmt: skip


def test_the_stub_profile_suffices_for_a_full_run_with_writes() -> None:
    result = _collect(PROFILE, "--allow-writes")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    line = next(line for line in output.splitlines() if line.startswith("Testdata ur"))
    pattern = r"(\w+(?: \([^)]*\))?) (\d+) av"
    needed = {name: int(count) for name, count in re.findall(pattern, line)}
    assert needed["ej_i_pu (personnummer)"] >= 30  # §2.2's adding and §2.4's own customers
    # A PU fetch needs a person whose address and 1177 sharing the profile states.
    for sharing in ("bada", "mobil", "epost", "inget"):
        assert needed[f"pu_personer (delar {sharing}, adress, delar med värden, namn)"] >= 1
    assert needed["pu_skyddade (sekretessmarkering, namn)"] >= 1
    assert "räcker inte" not in output
    assert "ingen passar" not in output


def test_too_small_pools_stop_the_run_with_one_line(tmp_path: Path) -> None:
    raw = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    # One person left who shares both: fitting people, but too few for the two scenarios
    # (none at all would skip those scenarios with the reason instead).
    first = next(p for p in raw["pu_personer"] if p.get("delar") == "bada")
    raw["pu_personer"] = [p for p in raw["pu_personer"] if p.get("delar") != "bada" or p is first]
    raw["ej_i_pu"] = raw["ej_i_pu"][:6]  # enough without --allow-writes, far too few with it
    small = tmp_path / "liten.yaml"
    small.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = _collect(small, "--allow-writes")
    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    reasons = [line for line in output.splitlines() if "räcker inte" in line]
    assert len(reasons) == 1, output
    assert "pu_personer (delar bada, adress, delar med värden, namn): behövs 2, profilen har 1" \
        in reasons[0]
    assert "ej_i_pu (personnummer): behövs" in reasons[0]
    assert "Traceback" not in output
    # Without --allow-writes fewer scenarios run, and the small profile is enough for them.
    assert _collect(small).returncode == 0
