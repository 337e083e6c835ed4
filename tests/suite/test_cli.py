"""The ``mvj`` command: its names, its one-line errors, and the parts each command builds.

The commands themselves run end to end in CI (``./mvj test`` runs ``live-against-stub``
and ``suite``); here each decision they make is checked on its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from mvj_suite.cli import commands, main
from mvj_suite.core.output import CommandError
from mvj_suite.core.stub_process import StubOptions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _environment_as_it_was() -> Iterator[None]:
    """main() sets MVJ_CALLER_DIR and clears PYTHONDONTWRITEBYTECODE in this process: put
    them back, so that a later test's child process does not read paths against a folder
    that was this test's (``--test-data profiles/stubb.yaml`` under a tmp_path)."""
    names = ("MVJ_CALLER_DIR", "PYTHONDONTWRITEBYTECODE")
    saved = {name: os.environ.get(name) for name in names}
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def test_help_lists_every_command_in_english() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mvj_suite.cli.main", "help"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0
    for name in main.COMMANDS:
        assert f"\n  {name} " in result.stdout, name


def test_an_unknown_command_is_one_swedish_line_and_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main.main(["kör"]) == main.USAGE_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines() == ["mvj: okänt kommando: kör – './mvj help' visar kommandona."]


@pytest.mark.parametrize("old", ["genomgang", "live-mot-stubb", "rapport", "webbläsarserver"])
def test_the_old_swedish_command_names_are_gone(old: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main([old]) == main.USAGE_ERROR
    assert f"okänt kommando: {old}" in capsys.readouterr().err


def test_a_command_error_ends_with_its_line_and_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def failing(args: Sequence[str]) -> int:
        raise CommandError("ruff hittade fel.", code=3)

    monkeypatch.setitem(main.COMMANDS, "test", failing)
    monkeypatch.chdir(tmp_path)
    assert main.main(["test"]) == 3
    assert capsys.readouterr().err == "mvj: ruff hittade fel.\n"


def test_commands_run_in_the_project_and_remember_the_users_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, str] = {}

    def record(args: Sequence[str]) -> int:
        seen["cwd"], seen["caller"] = os.getcwd(), os.environ["MVJ_CALLER_DIR"]
        return 0

    monkeypatch.setitem(main.COMMANDS, "suite", record)
    monkeypatch.delenv("MVJ_CALLER_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main.main(["suite"]) == 0
    assert seen == {"cwd": str(ROOT), "caller": str(tmp_path)}


@pytest.mark.parametrize(
    ("args", "env", "new_key"),
    [
        (["--control"], {}, True),
        (["--control", "--control-key", "egen"], {}, False),
        (["--control", "--control-key=egen"], {}, False),
        (["--control"], {"MVJ_CONTROL_KEY": "egen"}, False),
        ([], {}, False),
        (["--port", "9443"], {}, False),
    ],
)
def test_the_stub_gets_a_fresh_control_key_only_when_it_needs_one(
    args: list[str], env: dict[str, str], new_key: bool
) -> None:
    added = commands.control_key_environment(args, env)
    assert bool(added) is new_key
    if new_key:
        key = added["MVJ_CONTROL_KEY"]
        assert len(key) >= 24  # secrets.token_urlsafe(24): 32 characters
        assert commands.control_key_environment(args, env)["MVJ_CONTROL_KEY"] != key  # fresh


def test_a_run_starts_from_empty_allure_results_unless_it_names_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(commands, "ensure_browser", lambda stamp: None)
    monkeypatch.setattr(commands, "run_pytest", lambda args, **kw: 0)
    old = tmp_path / "reports" / "allure-results" / "gammal-result.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}", encoding="utf-8")
    commands.suite(["--alluredir", "annan"])
    commands.suite(["--alluredir=annan"])
    assert old.exists()
    commands.suite(["-m", "rutin-1"])
    assert not old.parent.exists()


def test_the_live_run_against_the_stub_gets_exactly_the_stubs_card_ca_and_profile() -> None:
    ready = {
        "url": "https://127.0.0.1:40123/",
        "ca_cert": "/tmp/stub/ca.pem",
        "cards": {"sjukskoterska": {"path": "/tmp/stub/kort/sjukskoterska.p12"}},
    }
    args = commands.live_against_stub_arguments(ready, Path("reports/live-against-stub"))

    def value(flag: str) -> str:
        return args[args.index(flag) + 1]

    assert value("--target") == "live"
    assert value("--base-url") == ready["url"]
    assert value("--siths-card") == "/tmp/stub/kort/sjukskoterska.p12"
    assert value("--ca-cert") == "/tmp/stub/ca.pem"
    assert value("--test-data") == "profiles/stubb.yaml"
    assert value("--signoff-dir") == "reports/live-against-stub"
    assert "--allow-writes" in args  # the stub may be written to: it is fictional


def test_the_live_run_against_the_stub_takes_the_stubs_latency_for_itself() -> None:
    """--latency goes to the stub (it answers slowly), never on to pytest, which refuses
    it on a live target: a real journal keeps its own pace."""
    options = commands.LiveAgainstStub.parse(["--latency", "50-400", "-m", "rutin-2.1"])
    assert options.latency == "50-400"
    assert options.pytest_args == ("-m", "rutin-2.1")
    assert commands.LiveAgainstStub.parse(["--latency=0-20"]).latency == "0-20"
    assert StubOptions(latency="50-400").arguments()[-2:] == ["--latency", "50-400"]
    assert "--latency" not in StubOptions().arguments()  # off unless asked for
    with pytest.raises(CommandError, match="--latency kräver svarstiden som MIN-MAX") as error:
        commands.LiveAgainstStub.parse(["--latency"])
    assert error.value.code == 4


def test_pytest_always_reads_the_projects_configuration() -> None:
    command = commands.pytest_command(["--siths-card", "/elsewhere/kort.p12"])
    assert command[1:5] == ["-m", "pytest", "-c", str(ROOT / "pyproject.toml")]
    assert command[-2:] == ["--siths-card", "/elsewhere/kort.p12"]


def test_concurrent_stages_each_show_their_output_and_keep_their_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def passing(args: Sequence[str], log: Path) -> int:
        log.write_text(f"körde {' '.join(args)}\n", encoding="utf-8")
        return 0

    def failing(args: Sequence[str], log: Path) -> int:
        log.write_text("1 failed\n", encoding="utf-8")
        return 1

    def broken(args: Sequence[str], log: Path) -> int:
        raise commands.CommandError("stubben startade inte", code=3)

    codes = commands.run_concurrently(
        {"a": (passing, tmp_path / "a.txt"), "b": (failing, tmp_path / "b.txt"),
         "c": (broken, tmp_path / "c.txt")},
        ["-n", "2"],
    )  # fmt: skip
    assert codes == {"a": 0, "b": 1, "c": 3}
    out = capsys.readouterr().out
    assert "=== a: slutkod 0" in out and "körde -n 2" in out
    assert "=== b: slutkod 1" in out and "1 failed" in out
    assert "c: stubben startade inte" in out


def test_commands_let_python_keep_its_bytecode_caches() -> None:
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin"}
    main.allow_bytecode_caches(env)
    assert env == {"PATH": "/usr/bin"}
