"""The CI templates pass real linters for their formats (offline)."""

from __future__ import annotations

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


def test_gitlab_caches_pip_the_browser_and_allure_inside_the_project() -> None:
    variables = _gitlab()["variables"]
    # GitLab caches only paths inside the project folder.
    assert variables["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert variables["PLAYWRIGHT_BROWSERS_PATH"] == "$CI_PROJECT_DIR/.cache/ms-playwright"
    assert variables["npm_config_cache"] == "$CI_PROJECT_DIR/.cache/npm"
    for job in GITLAB_SUITE_JOBS:
        paths = [path for cache in _caches(job) for path in cache["paths"]]
        assert ".cache/pip" in paths and ".cache/ms-playwright" in paths, job
    npm = [c for c in _caches("signoff") if c["paths"] == [".cache/npm"]]
    assert npm and allure_html.ALLURE_VERSION in npm[0]["key"]


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

