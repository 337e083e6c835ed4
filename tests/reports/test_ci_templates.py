"""The CI templates pass real linters for their formats (offline)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mvj_suite.allure import html as allure_html

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "ci" / "github" / "mittvaccin-acceptans.yml"
GITLAB = ROOT / "ci" / "gitlab" / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name if (BIN / name).exists() else shutil.which(name)
    if path is None:
        pytest.fail(f"{name} saknas – installera utvecklingsberoendena: pip install -e '.[dev]'")
    return str(path)


def lint(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.mark.parametrize(
    ("path", "schema"),
    [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")],
    ids=["github", "gitlab"],
)
def test_template_matches_the_official_schema(path: Path, schema: str) -> None:
    result = lint(tool("check-jsonschema"), "--builtin-schema", schema, str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_workflow_is_zizmor_clean() -> None:
    result = lint(tool("zizmor"), "--offline", "--persona=auditor", str(GITHUB))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_github_actions_are_pinned_by_commit() -> None:
    uses = [
        line.split("uses:", 1)[1].strip()
        for line in GITHUB.read_text("utf-8").splitlines()
        if "uses:" in line
    ]
    assert uses
    for ref in uses:
        action, _, rest = ref.partition("@")
        sha = rest.split()[0]
        assert len(sha) == 40 and all(c in "0123456789abcdef" for c in sha), ref
        assert "# v" in rest, f"{action}: skriv versionen som kommentar"


def _gitlab_script(job: str) -> str:
    data = yaml.safe_load(GITLAB.read_text("utf-8"))
    return "\n".join(data[job]["script"])


def test_both_templates_shard_merge_and_publish() -> None:
    github = GITHUB.read_text("utf-8")
    for text in (github, _gitlab_script("suite")):
        assert "--shard" in text and "--signoff-dir" in text
    for text in (github, _gitlab_script("signoff")):
        assert "python3 -m tools.signoff merge reports/shard-*/signoff.json" in text
        assert "python3 -m tools.allure_html --results reports/shard-*/allure-results" in text
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    assert gitlab["suite"]["parallel"] >= 2
    assert gitlab["signoff"]["when"] == "always"
    assert "reports/signoff.html" in gitlab["signoff"]["artifacts"]["paths"]
    assert "reports/allure-rapport/" in gitlab["signoff"]["artifacts"]["paths"]
    for name in (
        "MVJ_TARGET",
        "MVJ_BASE_URL",
        "MVJ_SITHS_CARD",
        "MVJ_SITHS_PASSPHRASE",
        "MVJ_TEST_DATA",
    ):
        assert name in github and name in GITLAB.read_text("utf-8"), name


def test_both_templates_hunt_flakes_nightly() -> None:
    github = yaml.safe_load(GITHUB.read_text("utf-8"))
    # PyYAML reads the key "on" as True.
    triggers = github.get("on", github.get(True))
    job = github["jobs"]["flakiness"]
    # The job runs on one of the template's own schedules, and that one is every day.
    (nightly,) = [entry["cron"] for entry in triggers["schedule"]
                  if f"'{entry['cron']}'" in job["if"]]
    assert job["if"] == f"github.event.schedule == '{nightly}'"
    assert nightly.split()[2:] == ["*", "*", "*"], nightly  # day of month, month, weekday
    run = "\n".join(step.get("run", "") for step in job["steps"])
    assert './mvj repeat "$REPEATS"' in run and './mvj repeat "$REPEATS" -n 2' in run
    assert './mvj repeat "$REPEATS" -n 2 --latency 50-400' in run
    assert any(
        step.get("if") == "always()" and "reports/upprepning-*/" in step["with"]["path"]
        for step in job["steps"]
        if "upload-artifact" in step.get("uses", "")
    )
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    nightly = gitlab["flakiness"]
    assert nightly["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $MVJ_MUTATION != "1"'}]
    script = "\n".join(nightly["script"])
    assert './mvj repeat "$MVJ_REPEATS"' in script and "-n 2" in script
    assert './mvj repeat "$MVJ_REPEATS" -n 2 --latency 50-400' in script
    assert nightly["artifacts"]["when"] == "always"


def test_both_templates_run_the_mutation_report_weekly_or_on_demand() -> None:
    github = yaml.safe_load(GITHUB.read_text("utf-8"))
    triggers = github.get("on", github.get(True))
    weekly = [entry["cron"] for entry in triggers["schedule"] if entry["cron"].endswith(" 0")]
    assert weekly, "ett veckoschema (söndag) saknas"
    job = github["jobs"]["mutation"]
    assert weekly[0] in job["if"] and "inputs.mutation" in job["if"]
    assert triggers["workflow_dispatch"]["inputs"]["mutation"]["type"] == "boolean"
    run = "\n".join(step.get("run", "") for step in job["steps"])
    assert "./mvj mutation" in run
    assert any(
        step.get("if") == "always()" and "reports/mutation.html" in step["with"]["path"]
        for step in job["steps"]
        if "upload-artifact" in step.get("uses", "")
    )
    # The sign-off of the same run shows the result.
    signoff = github["jobs"]["signoff"]
    assert "mutation" in signoff["needs"]
    assert any(
        "--mutation-report reports/mutation.json" in step.get("run", "")
        for step in signoff["steps"]
    )
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    assert '$MVJ_MUTATION == "1"' in gitlab["mutation"]["rules"][0]["if"]
    assert "./mvj mutation -n 2" in gitlab["mutation"]["script"]
    assert gitlab["mutation"]["artifacts"]["when"] == "always"
    assert "reports/mutation.html" in gitlab["mutation"]["artifacts"]["paths"]
    mutation_need = {"job": "mutation", "artifacts": True, "optional": True}
    assert mutation_need in gitlab["signoff"]["needs"]
    assert "--mutation-report reports/mutation.json" in _gitlab_script("signoff")
    # the sign-off links to mutation.html: it is published with it
    assert "reports/mutation.html" in gitlab["signoff"]["artifacts"]["paths"]
    assert any(
        "reports/mutation.html" in step.get("with", {}).get("path", "")
        for step in signoff["steps"]
        if "upload-artifact" in step.get("uses", "")
    )
    # the nightly and the weekly run must not cancel each other
    assert "github.event.schedule" in github["concurrency"]["group"]


# --- caching, always(), live settings, history, shards, release gate ------------------------

CACHE_SHA = "5a3ec84eff668545956fd18022155c47e93e2684"  # actions/cache v4.2.3
SUITE_JOBS = ("suite", "flakiness", "mutation")  # the GitHub jobs that install the suite
GITLAB_SUITE_JOBS = ("suite", "flakiness", "mutation")
HISTORY = "reports/allure-rapport/history"


def _github() -> dict[str, Any]:
    return yaml.safe_load(GITHUB.read_text("utf-8"))


def _gitlab() -> dict[str, Any]:
    return yaml.safe_load(GITLAB.read_text("utf-8"))


def _steps(job: str, action: str) -> list[dict[str, Any]]:
    return [
        step
        for step in _github()["jobs"][job]["steps"]
        if step.get("uses", "").partition("@")[0] == action
    ]


def _caches(job: str) -> list[dict[str, Any]]:
    cache = _gitlab()[job]["cache"]
    return cache if isinstance(cache, list) else [cache]


def _header(path: Path) -> str:
    return "\n".join(line for line in path.read_text("utf-8").splitlines() if line.startswith("#"))


def test_each_action_is_pinned_to_one_commit() -> None:
    pins: dict[str, set[str]] = {}
    for line in GITHUB.read_text("utf-8").splitlines():
        if "uses:" in line:
            action, _, rest = line.split("uses:", 1)[1].strip().partition("@")
            repository = "/".join(action.split("/")[:2])  # actions/cache/save is actions/cache
            pins.setdefault(repository, set()).add(rest.split()[0])
    assert all(len(shas) == 1 for shas in pins.values()), pins
    assert pins["actions/cache"] == {CACHE_SHA}
    assert "# v4.2.3" in GITHUB.read_text("utf-8")


def test_github_caches_pip_the_browser_and_allure() -> None:
    for job in SUITE_JOBS:
        (python,) = _steps(job, "actions/setup-python")
        assert python["with"]["cache"] == "pip", job
        assert python["with"]["cache-dependency-path"] == "pyproject.toml", job
        browser = [
            s for s in _steps(job, "actions/cache") if s["with"]["path"] == "~/.cache/ms-playwright"
        ]
        assert browser and "hashFiles('pyproject.toml')" in browser[0]["with"]["key"], job
        # restored before the suite is installed, which downloads the browser when missing
        steps = _github()["jobs"][job]["steps"]
        install = next(i for i, s in enumerate(steps) if "./mvj setup" in s.get("run", ""))
        assert steps.index(browser[0]) < install, job
    (npm,) = _steps("signoff", "actions/cache")
    assert npm["with"]["path"] == "~/.npm"
    assert allure_html.ALLURE_VERSION in npm["with"]["key"]


def test_gitlab_caches_pip_and_allure_inside_the_project() -> None:
    variables = _gitlab()["variables"]
    # GitLab caches only paths inside the project folder.
    assert variables["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert variables["npm_config_cache"] == "$CI_PROJECT_DIR/.cache/npm"
    for job in (*GITLAB_SUITE_JOBS, "signoff"):
        paths = [path for cache in _caches(job) for path in cache["paths"]]
        assert ".cache/pip" in paths, job
    npm = [c for c in _caches("signoff") if c["paths"] == [".cache/npm"]]
    assert npm and allure_html.ALLURE_VERSION in npm[0]["key"]


def _playwright_pin() -> str:
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    (pin,) = re.findall(r'"playwright==([0-9.]+)"', pyproject)
    return pin


def test_gitlab_runs_the_suite_on_the_playwright_image_of_the_pinned_version() -> None:
    gitlab = _gitlab()
    image = f"mcr.microsoft.com/playwright/python:v{_playwright_pin()}-noble"
    for job in GITLAB_SUITE_JOBS:
        assert gitlab[job]["image"] == image, job
        commands = "\n".join([*gitlab[job]["before_script"], *gitlab[job]["script"]])
        # the browser, its headless shell and Playwright's ffmpeg come with the image
        assert "apt-get" not in commands and "playwright install" not in commands, job
        assert not any("ms-playwright" in str(cache) for cache in _caches(job)), job
        assert "./mvj setup" in commands, job
    # the image finds its browsers through its own PLAYWRIGHT_BROWSERS_PATH: never moved
    for variables in (gitlab["variables"], *(gitlab[job].get("variables", {})
                                              for job in GITLAB_SUITE_JOBS)):
        assert "PLAYWRIGHT_BROWSERS_PATH" not in variables
    assert not any("PLAYWRIGHT_BROWSERS_PATH" in line for job in GITLAB_SUITE_JOBS
                   for line in [*gitlab[job]["before_script"], *gitlab[job]["script"]])


def test_gitlab_makes_the_venv_that_mvj_wants_without_apt() -> None:
    # The image has pip but not Python's venv module: virtualenv makes .venv, and ./mvj
    # finds it there and installs the suite into it.
    for job in GITLAB_SUITE_JOBS:
        before = _gitlab()[job]["before_script"]
        install = next(i for i, line in enumerate(before) if "pip install" in line)
        create = next(i for i, line in enumerate(before) if "-m virtualenv" in line)
        assert install < create and before[create].endswith(" .venv"), job
    assert '[[ ! -x "$PY" ]]' in (ROOT / "mvj").read_text("utf-8")  # an existing .venv is used


def test_gitlab_publishes_each_shards_junit_as_a_test_report() -> None:
    suite = _gitlab()["suite"]
    out = "reports/shard-$CI_NODE_INDEX"
    assert suite["artifacts"]["reports"]["junit"] == f"{out}/junit.xml"
    assert suite["artifacts"]["when"] == "always"  # a failed shard's report above all
    assert '--junitxml "$OUT/junit.xml"' in _gitlab_script("suite")
    assert f'OUT="{out}"' in _gitlab_script("suite")


def test_both_signoff_jobs_install_the_python_packages_the_merge_needs() -> None:
    # tools.signoff and tools.ci_summary import Jinja2 (and the sign-off Playwright's errors): a
    # bare Python cannot run them.
    steps = _github()["jobs"]["signoff"]["steps"]
    runs = [step.get("run", "") for step in steps]
    install = next(i for i, run in enumerate(runs) if "pip install" in run)
    merge = next(i for i, run in enumerate(runs) if "tools.signoff merge" in run)
    assert install < merge and "--editable ." in runs[install]
    (python,) = _steps("signoff", "actions/setup-python")
    assert python["with"]["cache"] == "pip"
    before = _gitlab()["signoff"]["before_script"]
    assert any("pip install --quiet --editable ." in line for line in before)
    assert before[-1] == ". .venv/bin/activate"  # python3 in the script is the venv's


def test_every_step_of_the_signoff_runs_always() -> None:
    job = _github()["jobs"]["signoff"]
    assert job["if"] == "always()"
    for step in job["steps"]:
        assert "always()" in step.get("if", ""), step.get("name", step.get("uses"))
    runs = [step.get("run", "") for step in job["steps"]]
    merge = next(i for i, run in enumerate(runs) if "tools.signoff merge" in run)
    build = next(i for i, run in enumerate(runs) if "tools.allure_html" in run)
    assert merge < build, "beskedet måste finnas innan Allure-rapporten byggs"
    assert "--signoff reports/signoff.json" in runs[build]
    gitlab = _gitlab()["signoff"]
    assert gitlab["when"] == "always"
    script = gitlab["script"]
    assert script[0] == "rc=0" and script[-1] == "exit $rc"
    # each command runs even when the one before failed; the job still fails then
    assert all(line.endswith("|| rc=$?") for line in script[1:-1]), script
    merge_line = next(i for i, line in enumerate(script) if "tools.signoff merge" in line)
    build_line = next(i for i, line in enumerate(script) if "tools.allure_html" in line)
    assert merge_line < build_line
    assert "--signoff reports/signoff.json" in script[build_line]


def test_the_live_settings_reach_the_suite() -> None:
    job = _github()["jobs"]["suite"]
    assert job["env"]["MVJ_ALLOW_WRITES"] == "${{ vars.MVJ_ALLOW_WRITES }}"
    assert job["env"]["MVJ_REAL_TIME"] == "${{ vars.MVJ_REAL_TIME }}"
    assert job["env"]["MVJ_A11Y_GATE"] == "${{ vars.MVJ_A11Y_GATE }}"
    (secrets,) = [s for s in job["steps"] if "secrets.MVJ_CA_CERT" in str(s.get("env", {}))]
    assert secrets["if"] == "env.MVJ_TARGET == 'live'"
    # like the SITHS card: the secret's text in a file, the suite gets its path
    assert 'echo "MVJ_CA_CERT=$RUNNER_TEMP/mvj/ca.pem" >> "$GITHUB_ENV"' in secrets["run"]
    gitlab = _gitlab()
    for name in ("MVJ_ALLOW_WRITES", "MVJ_REAL_TIME", "MVJ_A11Y_GATE"):
        assert gitlab["variables"][name]["value"] == "", name  # project variables win
        assert name in _header(GITLAB) and name in _header(GITHUB), name
    assert "MVJ_CA_CERT" in _header(GITLAB) and "MVJ_CA_CERT" in _header(GITHUB)


@pytest.mark.parametrize("kind", ["pem", "file", "none"])
def test_gitlab_puts_a_ca_certificate_text_in_a_file(tmp_path: Path, kind: str) -> None:
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
    given = {"pem": pem, "file": str(tmp_path / "ca.pem"), "none": ""}[kind]
    (tmp_path / "ca.pem").write_text(pem + "\n", "utf-8")
    snippet = next(line for line in _gitlab()["suite"]["script"] if "MVJ_CA_CERT" in line)
    result = subprocess.run(
        ["bash", "-euc", snippet + '\nprintf "%s" "${MVJ_CA_CERT:-}"'],
        env={"MVJ_CA_CERT": given, "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    path = result.stdout
    if kind == "none":
        assert path == ""
    else:
        assert Path(path).read_text("utf-8") == pem + "\n"
        assert kind == "pem" or path == given


def test_github_carries_the_allure_history_between_runs() -> None:
    steps = _github()["jobs"]["signoff"]["steps"]
    (restore,) = _steps("signoff", "actions/cache/restore")
    (save,) = _steps("signoff", "actions/cache/save")
    build = next(s for s in steps if "tools.allure_html" in s.get("run", ""))
    assert steps.index(restore) < steps.index(build) < steps.index(save)
    assert restore["with"]["path"] == save["with"]["path"] == HISTORY
    assert f"--history {HISTORY}" in build["run"]
    # per branch; a new run, a new key (saved caches are never overwritten)
    assert restore["with"]["key"] == save["with"]["key"]
    assert "github.ref_name" in save["with"]["key"] and "github.run_id" in save["with"]["key"]
    restore_keys = restore["with"]["restore-keys"].splitlines()
    assert any(key.endswith("${{ github.ref_name }}-") for key in restore_keys)
    # saved after EJ GODKÄND too: actions/cache alone saves only after a successful job
    assert save["if"].startswith("always()")


def test_gitlab_carries_the_allure_history_between_runs() -> None:
    history = [c for c in _caches("signoff") if c["paths"] == [f"{HISTORY}/"]]
    assert history, "Allure-historiken cachas inte"
    assert "$CI_COMMIT_REF_SLUG" in history[0]["key"]
    assert history[0]["when"] == "always"
    assert any("$CI_DEFAULT_BRANCH" in key for key in history[0]["fallback_keys"])
    assert f"--history {HISTORY}" in _gitlab_script("signoff")


def test_the_gitlab_shard_count_says_how_to_change_it() -> None:
    count = _gitlab()["suite"]["parallel"]
    assert isinstance(count, int) and count >= 2
    # GitLab cannot take a variable there; the header says where the number is …
    (line,) = [line for line in _header(GITLAB).splitlines() if f'"parallel: {count}"' in line]
    assert "jobbet suite" in line, line
    # … and the shards take the count from GitLab, so that is the only place.
    script = _gitlab_script("suite")
    assert '"$CI_NODE_INDEX/$CI_NODE_TOTAL"' in script and str(count) not in script
    docs = (ROOT / "docs" / "rapporter.md").read_text("utf-8")
    assert f"`parallel: {count}`" in docs
    plan = _github()["jobs"]["plan"]["steps"][0]
    assert plan["env"]["SHARDS"] == "${{ inputs.shards || vars.MVJ_SHARDS || '3' }}"


def test_the_release_gate_is_documented() -> None:
    # The status check to require is named by the job: the header and the docs must
    # name that very job, whatever it is called.
    name = _github()["jobs"]["signoff"]["name"]
    assert f'"{name}"' in _header(GITHUB) and "statuskontroll" in _header(GITHUB)
    assert "Protected environments" in _header(GITLAB)
    docs = (ROOT / "docs" / "rapporter.md").read_text("utf-8")
    section = docs.split("## CI-mallar", 1)[1].split("\n## ", 1)[0]
    for text in (
        name,
        "mvj-live",
        "Required reviewers",
        "Protected environments",
        "Deployment approvals",
        "Pipelines must succeed",
    ):
        assert text in section, text


def test_both_templates_fill_the_decision_block_from_ci_variables() -> None:
    github = yaml.safe_load(GITHUB.read_text("utf-8"))
    env = github["jobs"]["signoff"]["env"]
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    for name in ("MVJ_APPROVER", "MVJ_DECISION", "MVJ_DECISION_DATE"):
        assert env[name] == f"${{{{ vars.{name} }}}}"
        assert name in gitlab["variables"]



# --- what the run's page shows: the summary and the annotations -----------------------------

RUN_URL = "https://github.com/region/mvj/actions/runs/42"
GITHUB_ENV = {
    "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "region/mvj",
    "GITHUB_RUN_ID": "42", "GITHUB_SHA": "0123abc",
}
# Markdown links whose target is not a web address: they lead nowhere on the run's page.
RELATIVE_LINK = re.compile(r"\]\((?!https://)[^)]*\)")


def _run_step(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> Path:
    """Run a step's script as GitHub does (bash -e -o pipefail), with this Python as
    python3 and as .venv/bin/python; returns the job summary file it appended to."""
    bin_dir = cwd / ".venv" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name in ("python3", "python"):
        (bin_dir / name).unlink(missing_ok=True)
        (bin_dir / name).symlink_to(sys.executable)
    summary = cwd / "step-summary.md"
    step_env = {k: str(v) for k, v in step.get("env", {}).items()}
    for key, value in step_env.items():  # ${{ … }} is GitHub's: the test gives the values
        if value.startswith("${{"):
            step_env[key] = env.get(key, "")
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "PYTHONPATH": str(ROOT),
             "GITHUB_STEP_SUMMARY": str(summary), **GITHUB_ENV, **env, **step_env},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return summary


def _step(job: str, needle: str) -> dict[str, Any]:
    (step,) = [s for s in _github()["jobs"][job]["steps"] if needle in s.get("run", "")]
    return step


def _failed_signoff(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "format": 1, "routine": {"number": "781659", "revision": "R12"},
        "release": {"target": "stub", "suite_commit": "0123abc"},
        "selection": "", "shards": ["1/3", "2/3", "3/3"], "run_errors": [],
        "allure_report": "allure-rapport/index.html",
        "scenarios": [{"name": "Knappen är inte aktiv", "outcome": "failed",
                       "allure_page": "allure-rapport/index.html#testresult/1"}],
        "verdict": {
            "approved": False, "text": "EJ GODKÄND",
            "reasons": ["Avsnitt 2.5 Patient med skyddad identitet: 1 scenario fallerade: "
                        "»Knappen är inte aktiv«"],
            "sections": {"1": "GODKÄNT", "2": "se 2.1–2.5", "2.5": "FALLERAT"},
            "coverage": {"1": {"ran": 15, "passed": 15, "failed": 0, "stub_only": 0,
                               "not_run": 0},
                         "2.5": {"ran": 10, "passed": 9, "failed": 1, "stub_only": 0,
                                 "not_run": 0}},
        },
    }, ensure_ascii=False), "utf-8")


def test_github_summary_is_short_with_absolute_links(tmp_path: Path) -> None:
    jobs = _github()["jobs"]
    steps = jobs["signoff"]["steps"]
    step = _step("signoff", "tools.ci_summary")
    assert not any("signoff.md" in s.get("run", "") and "GITHUB_STEP_SUMMARY" in s.get("run", "")
                   for s in steps), "hela signoff.md hör inte hemma i sammanfattningen"
    # after the uploads, whose artifact-url outputs it links
    uploads = {s["id"]: steps.index(s) for s in _steps("signoff", "actions/upload-artifact")}
    assert max(uploads.values()) < steps.index(step)
    assert step["env"]["SIGNOFF_URL"] == "${{ steps.signoff-artefakt.outputs.artifact-url }}"
    assert step["env"]["ALLURE_URL"] == "${{ steps.allure-artefakt.outputs.artifact-url }}"
    # the artefact names it lists are the ones the workflow uploads
    uploaded = {str(s["with"]["name"]).replace("${{ matrix.shard }}", "*")
                for job in jobs.values() for s in job.get("steps", [])
                if "upload-artifact" in s.get("uses", "")}
    listed = set(re.findall(r'--artifact "?([a-z*-]+)', step["run"]))
    assert listed <= uploaded and {"signoff", "allure-rapport", "shard-*"} <= listed
    _failed_signoff(tmp_path / "reports" / "signoff.json")
    summary = _run_step(step, tmp_path, {
        "SIGNOFF_URL": f"{RUN_URL}/artifacts/1001", "ALLURE_URL": f"{RUN_URL}/artifacts/1002"})
    text = summary.read_text("utf-8")
    assert text.startswith("## Rutin 781659 R12: EJ GODKÄND\n")
    assert "1. Avsnitt 2.5 Patient med skyddad identitet: 1 scenario fallerade" in text
    assert "| FALLERAT | 10 | 9 | 1 | 0 | 0 |" in text
    assert f"]({RUN_URL}/artifacts/1001)" in text and f"]({RUN_URL}/artifacts/1002)" in text
    assert f"]({RUN_URL}#artifacts) – artefakterna `shard-*`" in text
    assert "/blob/0123abc/docs/rutin-781659-R12.md#avsnitt-2-5)" in text
    assert RELATIVE_LINK.findall(text) == []
    assert len(text.splitlines()) < 40  # short: the sign-off itself has every scenario
    # no sign-off (the merge failed): one line that says so, and the links all the same
    (tmp_path / "reports" / "signoff.json").unlink()
    summary.unlink()
    text = _run_step(step, tmp_path, {}).read_text("utf-8")
    assert text.startswith("## Inget besked\n") and "signoff.json saknas" in text
    assert f"]({RUN_URL}#artifacts) – artefakten `signoff`" in text


def test_github_annotates_each_failed_scenario_of_a_shard(tmp_path: Path) -> None:
    job = _github()["jobs"]["suite"]
    step = _step("suite", "tools.junit_annotations")
    steps = job["steps"]
    run = next(s for s in steps if "./mvj suite" in s.get("run", ""))
    assert steps.index(run) < steps.index(step) and step["if"] == "always()"
    assert not any("junit" in s.get("uses", "") for s in steps)  # no third-party action
    junit = tmp_path / "reports" / "shard-2" / "junit.xml"
    junit.parent.mkdir(parents=True)
    junit.write_text(
        '<testsuites><testsuite name="sviten" tests="2">'
        '<testcase classname="2.5 Patient med skyddad identitet" name="Knappen är inte aktiv">'
        '<failure message="Väntat: går inte att använda">…</failure></testcase>'
        '<testcase classname="2.1 Sök patient" name="Sök på namn"/>'
        "</testsuite></testsuites>", "utf-8")
    result = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PYTHONPATH": str(ROOT),
             "SHARD": "2"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "::error title=Fallerat – 2.5 Patient med skyddad identitet%3A Knappen är inte aktiv"
        "::Väntat: går inte att använda"
    ]


@pytest.mark.parametrize(("job", "artifact"), [("flakiness", "flakiness"),
                                               ("mutation", "mutation")])
def test_the_nightly_and_weekly_summaries_link_their_artefact(
    tmp_path: Path, job: str, artifact: str
) -> None:
    steps = _github()["jobs"][job]["steps"]
    step = _step(job, "--artifacts-only")
    (upload,) = [s for s in steps if "upload-artifact" in s.get("uses", "")]
    assert steps.index(upload) < steps.index(step) and step["if"] == "always()"
    output = f"${{{{ steps.{upload['id']}.outputs.artifact-url }}}}"
    assert step["env"]["ARTEFAKT_URL"] == output
    summary = _run_step(step, tmp_path, {"ARTEFAKT_URL": f"{RUN_URL}/artifacts/7"})
    text = summary.read_text("utf-8")
    assert f"]({RUN_URL}/artifacts/7) – artefakten `{artifact}`" in text
    assert RELATIVE_LINK.findall(text) == []
