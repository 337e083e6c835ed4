"""The CI templates pass real linters for their formats (offline)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
    for text in (github, _gitlab_script("acceptans")):
        assert "--shard" in text and "--signoff-dir" in text
    for text in (github, _gitlab_script("godkannande")):
        assert "python3 -m tools.signoff merge reports/delkorning-*/signoff.json" in text
        assert "python3 -m tools.allure_html --results reports/delkorning-*/allure-results" in text
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    assert gitlab["acceptans"]["parallel"] >= 2
    assert gitlab["godkannande"]["when"] == "always"
    assert "reports/signoff.html" in gitlab["godkannande"]["artifacts"]["paths"]
    assert "reports/allure-rapport/" in gitlab["godkannande"]["artifacts"]["paths"]
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
    assert triggers["schedule"][0]["cron"]
    job = github["jobs"]["instabilitet"]
    assert job["if"] == "github.event.schedule == '17 2 * * *'"
    run = "\n".join(step.get("run", "") for step in job["steps"])
    assert './mvj repeat "$UPPREPNINGAR"' in run and './mvj repeat "$UPPREPNINGAR" -n 2' in run
    assert any(
        step.get("if") == "always()" and "reports/upprepning-*/" in step["with"]["path"]
        for step in job["steps"]
        if "upload-artifact" in step.get("uses", "")
    )
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    nightly = gitlab["instabilitet"]
    assert nightly["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $MVJ_MUTATION != "1"'}]
    script = "\n".join(nightly["script"])
    assert './mvj repeat "$MVJ_UPPREPNINGAR"' in script and "-n 2" in script
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
    assert any(step.get("if") == "always()" and "reports/mutation.html" in step["with"]["path"]
               for step in job["steps"] if "upload-artifact" in step.get("uses", ""))
    # The sign-off of the same run shows the result.
    signoff = github["jobs"]["godkannande"]
    assert "mutation" in signoff["needs"]
    assert any("--mutation-report reports/mutation.json" in step.get("run", "")
               for step in signoff["steps"])
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    assert "$MVJ_MUTATION == \"1\"" in gitlab["mutation"]["rules"][0]["if"]
    assert "./mvj mutation -n 2" in gitlab["mutation"]["script"]
    assert gitlab["mutation"]["artifacts"]["when"] == "always"
    assert "reports/mutation.html" in gitlab["mutation"]["artifacts"]["paths"]
    assert {"job": "mutation", "artifacts": True, "optional": True} in gitlab["godkannande"]["needs"]
    assert "--mutation-report reports/mutation.json" in _gitlab_script("godkannande")
    # the sign-off links to mutation.html: it is published with it
    assert "reports/mutation.html" in gitlab["godkannande"]["artifacts"]["paths"]
    assert any("reports/mutation.html" in step.get("with", {}).get("path", "")
               for step in signoff["steps"] if "upload-artifact" in step.get("uses", ""))
    # the nightly and the weekly run must not cancel each other
    assert "github.event.schedule" in github["concurrency"]["group"]

