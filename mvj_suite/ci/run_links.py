"""Absolute links to a CI run and its artefacts, from the CI's own environment.

A job summary is shown on the run's page, where a relative link (``signoff.html``)
leads nowhere: every link the summary shows is built from these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# What the workflow template uploads (ci/github/mittvaccin-acceptans.yml), in the words a
# release manager needs. A name the template does not know is shown as it is.
ARTIFACTS: dict[str, str] = {
    "signoff": "Godkännanderapporten (signoff.html, signoff.md, signoff.json)",
    "allure-rapport": "Allure-rapporten (index.html, en fristående fil)",
    "shard-*": "Delkörningarnas resultat (junit.xml, signoff.json, Allure-resultat)",
    "failure-artifacts-*": "Skärmbilder, spår och video från fallerade scenarier",
    "mutation": "Mutationsrapporten (mutation.html): sviten mot brutna regler",
    "flakiness": "Tabellerna över upprepade körningar och de första felens artefakter",
}

_WEB = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Artifact:
    name: str
    description: str
    url: str  # the artefact's own page, else the run's list of artefacts; "" outside CI

    @property
    def noun(self) -> str:
        return "artefakterna" if "*" in self.name else "artefakten"


@dataclass(frozen=True)
class RunLinks:
    run_url: str  # "" outside GitHub Actions

    @classmethod
    def from_github(cls, env: Mapping[str, str]) -> RunLinks:
        server, repository, run = (env.get(name, "") for name in
                                   ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
        if not (server and repository and run):
            return cls("")
        return cls(f"{server.rstrip('/')}/{repository}/actions/runs/{run}")

    @property
    def artifacts_url(self) -> str:
        """The run page's list of artefacts (its #artifacts section)."""
        return f"{self.run_url}#artifacts" if self.run_url else ""

    def artifact(self, spec: str) -> Artifact:
        """``NAME`` or ``NAME=URL``: an upload step's ``artifact-url`` links the artefact
        itself; without it (another job's upload, or a pattern like ``shard-*``) the link
        is the run's list of artefacts."""
        name, _, url = (part.strip() for part in spec.partition("="))
        description = ARTIFACTS.get(name, f"Artefakten {name}")
        # Only a web address becomes a link; an empty output (a failed upload) falls back.
        return Artifact(name, description, url if _WEB.match(url) else self.artifacts_url)
