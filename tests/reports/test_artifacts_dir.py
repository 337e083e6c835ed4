"""--artifacts-dir: the suite empties only a folder that is its own."""

from __future__ import annotations

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
