"""--artifacts-dir: the suite empties only a folder that is its own."""

from __future__ import annotations

import os

from tests.reports.conftest import FULL_PASS, SyntheticSuite


def test_a_folder_with_other_files_is_refused_and_left_alone(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    precious = suite.file("mina-filer/viktigt.txt", "rör inte")
    result = suite.run(f"--artifacts-dir={precious.parent}")
    assert result.ret == 4
    assert "mappen finns och innehåller annat än sviten" in result.stdout + result.stderr
    assert precious.read_text(encoding="utf-8") == "rör inte"


def test_the_suites_own_folder_is_emptied_at_each_run(suite: SyntheticSuite) -> None:
    suite.write(FULL_PASS)
    folder = suite.path / "artefakter-har"
    assert suite.run(f"--artifacts-dir={folder}").ret == 0
    assert (folder / ".mvj-artefakter").is_file()
    (folder / "gammal-skarmbild.png").write_bytes(b"png")  # an earlier run's failure
    assert suite.run(f"--artifacts-dir={folder}").ret == 0
    assert not (folder / "gammal-skarmbild.png").exists()


def test_what_a_run_writes_only_its_own_user_can_read(suite: SyntheticSuite) -> None:
    """Reports, Allure results and failure artefacts can show what the journal showed."""
    suite.write(FULL_PASS)
    folder = suite.path / "artefakter-har"
    usual = os.umask(0o022)  # as a shell starts it (this test run itself is private)
    try:
        assert suite.run(f"--artifacts-dir={folder}", "--alluredir=allure").ret == 0
    finally:
        os.umask(usual)
    written = [folder, folder / ".mvj-artefakter", suite.path / "out" / "signoff.json",
               *(suite.path / "allure").iterdir()]
    for path in written:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
