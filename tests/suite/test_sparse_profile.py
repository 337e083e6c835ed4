"""Proof without the stub's own profile: a sparse, awkward one, as real test environments have.

``tests/data/gles-profil.yaml`` describes the stub's example data as a team would
that wrote it in a hurry: three-letter first names, å/ä/ö, entries without
address or contact fields, a samordningsnummer person in PU without ``delar``,
a protected customer without a name, no extra cards. Against the stub as a real
journal (``./mvj live-against-stub``, writes allowed) nothing may fail — the
journal is correct — and every skip says why. ``./mvj profile check`` names what
the profile lacks, passes on the stub's own profile, fails naming a field that was
edited, and writes nothing. A difference met during a run is told as the profile's.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import yaml

from mvj_suite.core.settings import ROOT

from .standalone import data_dir, request_log, standalone_stub
from .stub_profile import PROFILE, stub_card_env

SPARSE = ROOT / "tests" / "data" / "gles-profil.yaml"


def _mvj(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
         timeout: int = 900) -> subprocess.CompletedProcess[str]:  # fmt: skip
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MVJ_", "PYTEST_"))}
    return subprocess.run(
        [str(ROOT / "mvj"), *args], cwd=cwd, capture_output=True, text=True,
        timeout=timeout, env={**clean, **(env or {})},
    )  # fmt: skip


def _scenarios(reports: Path) -> dict[str, dict]:
    data = json.loads((reports / "signoff.json").read_text(encoding="utf-8"))
    return {scenario["name"]: scenario for scenario in data["scenarios"]}


def test_a_sparse_awkward_profile_fails_nothing_and_explains_every_skip(tmp_path: Path) -> None:
    reports = tmp_path / "rapporter"
    result = _mvj("live-against-stub", "--test-data", str(SPARSE), "--reports", str(reports),
                  "-n", "2", "-p", "no:cacheprovider")  # fmt: skip
    output = result.stdout + result.stderr
    scenarios = _scenarios(reports)
    failed = [name for name, s in scenarios.items() if s["outcome"] == "failed"]
    assert failed == [], output[-4000:]
    assert result.returncode == 0, output[-4000:]
    skipped = {name: s["reason"] for name, s in scenarios.items() if s["outcome"] == "skipped"}
    assert all(reason.strip() for reason in skipped.values()), skipped
    # The first-name row gets a customer whose name can be searched (not Åsa or Eva) …
    by_first_name = "Sökning på namn hittar varje del av namnet oavsett skiftläge [kundens förnamn]"
    assert scenarios[by_first_name]["outcome"] == "passed"
    assert scenarios["Ändra kund för en kund med reservnummer visar reservnumret"]["outcome"] == (
        "passed")  # fmt: skip
    # … and a need nobody in the profile meets is a skip that names it and what to fill.
    pu = skipped["Ett samordningsnummer som PU-tjänsten känner till hämtas därifrån"]
    assert "samordningsnummer_i_pu" in pu and "delar" in pu and "fyll i" in pu, pu
    by_name = skipped["En kund med skyddad identitet hittas inte på sitt namn"]
    assert "'skyddade_kunder' med förnamn och efternamn" in by_name, by_name
    assert "Testdataprofilen räcker inte" not in output


def _customers(database: Path) -> str:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT * FROM kunder ORDER BY id").fetchall()
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


def test_profile_check_names_what_is_missing_and_each_edited_field(tmp_path: Path) -> None:
    edited = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    karin = next(p for p in edited["kunder"] if p["fornamn"] == "Karin")
    karin["mobiltelefon"] = "070-174 06 99"
    edited_file = tmp_path / "profil" / "andrad.yaml"
    edited_file.parent.mkdir()
    edited_file.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    folder = tmp_path / "testaren"  # where the tester stands: nothing may appear here
    folder.mkdir()
    with standalone_stub(tmp_path / "stubb") as ready:
        database = data_dir(ready) / "journal.db"
        before = _customers(database)
        card = str(ready["cards"]["sjukskoterska"]["path"])
        live = ["--base-url", str(ready["url"]), "--siths-card", card,
                "--ca-cert", str(ready["ca_cert"])]  # fmt: skip
        env = stub_card_env(ready)
        own = _mvj("profile", "check", *live, "--test-data", str(PROFILE), cwd=folder, env=env)
        sparse = _mvj("profile", "check", *live, "--test-data", str(SPARSE), "--draft",
                      cwd=folder, env=env)  # fmt: skip
        # A selection that takes nobody from a pool: its pools are not searched.
        changed = _mvj("profile", "check", *live, "--test-data", str(edited_file), "-m",
                       "rutin-2.4 and not skriver", cwd=folder, env=env)  # fmt: skip
        log = request_log(ready)
        after = _customers(database)
    for result in (own, sparse, changed):
        assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert own.returncode == 0, own.stdout + own.stderr
    assert "Profilkontrollen: profilen stämmer med journalen." in own.stdout
    assert "✓ Profilen har en person som passar varje scenario i urvalet." in own.stdout
    assert sparse.returncode == 0, sparse.stdout + sparse.stderr
    assert "– saknas: 'skyddade_kunder' med förnamn och efternamn" in sparse.stdout
    assert "– saknas: samordningsnummer_i_pu (adress, delar med värden, namn)" in sparse.stdout
    assert "  - nummer: 19121212-1212  # kunder[3]" in sparse.stdout  # --draft
    assert "    epost: tolvan.tolvansson@example.se" in sparse.stdout
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert "✗ kunder[2] 19850315-2426 (Karin Lindqvist): stämmer inte med journalen" in (
        changed.stdout)  # fmt: skip
    assert "    mobiltelefon: profilen «070-174 06 99», journalen «070-174 06 07»" in (
        changed.stdout)  # fmt: skip
    assert "– potterna: urvalet tar ingen ur dem – inte kontrollerade" in changed.stdout
    # Read-only, and nothing written: the journal's customers and the tester's folder.
    assert after == before
    saves = ("POST /kunder/ny ", "POST /kunder/ny/reservnummer ")
    assert not [line for line in log.splitlines() if line.startswith(saves)]
    assert list(folder.iterdir()) == []


def test_profile_check_on_a_single_page_journal_searches_each_number_afresh() -> None:
    """A single-page journal redraws in place: each pool search starts from the menu, and
    the stub's own profile agrees with it all the same."""
    # §2.5 takes from one pool: ten searches in a row show the redrawing as well as a
    # hundred (all pools are searched on the form journal, in the test above).
    result = _mvj("profile", "check", "--against-stub", "--single-page", "-m", "rutin-2.5",
                  timeout=300)  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "✓ potterna (pu_skyddade): ingen av 10 personer är kund ännu" in output, output
    assert "POST /api/sok (läsande enligt profilen)" in output, output
    assert "Profilkontrollen: profilen stämmer med journalen." in output, output


def test_a_profile_value_the_journal_does_not_show_fails_as_the_profiles(tmp_path: Path) -> None:
    """During a run: the failure block and the sign-off name the entry and field."""
    edited = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    edited["kunder"][0]["ort"] = "Annanstans"  # Tolvan, the fullest entry: the one chosen
    edited_file = tmp_path / "andrad.yaml"
    edited_file.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    reports = tmp_path / "rapporter"
    result = _mvj("live-against-stub", "--read-only", "--test-data", str(edited_file),
                  "--reports", str(reports), "-p", "no:cacheprovider",
                  "-k", "test_ändra_kund_visar_kundens_sparade_uppgifter")  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Testdata:    kunder[1], fält ort" in output, output
    scenario = _scenarios(reports)["Ändra kund visar kundens sparade uppgifter"]
    assert scenario["outcome"] == "failed" and scenario["data_problem"] == "kunder[1], fält ort"
    signoff = (reports / "signoff.md").read_text(encoding="utf-8")
    assert "TESTDATAFEL" in signoff and "inget brott mot rutinen" in signoff
