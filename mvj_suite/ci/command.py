"""``python -m tools.ci_summary``: the short summary a CI run's page shows.

    python -m tools.ci_summary --for github [--signoff reports/signoff.json]
                               [--artifact NAME[=URL] …]  >> "$GITHUB_STEP_SUMMARY"
    python -m tools.ci_summary --for github --artifacts-only --artifact NAME[=URL] …

The Markdown goes to standard output (the workflow appends it to the summary); what a
person reads in the log goes to standard error. Exit code 0 whenever something was
shown, also "no verdict": the release gate is the sign-off's own exit code, not its
summary's; 2 on wrong arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mvj_suite.ci import summary
from mvj_suite.ci.run_links import RunLinks

DEFAULT_SIGNOFF = "reports/signoff.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.ci_summary",
        description="Kort sammanfattning av godkännandet för CI-körningens sida (Markdown på "
                    "standard ut): besked, skäl, avsnitt och länkar till artefakterna.",
    )
    parser.add_argument("--for", dest="ci", choices=["github"], required=True,
                        help="vilken CI-tjänst sammanfattningen är till för")
    parser.add_argument("--signoff", default=DEFAULT_SIGNOFF, metavar="FIL",
                        help=f"godkännandets JSON (standard {DEFAULT_SIGNOFF})")
    parser.add_argument("--artifact", action="append", default=[], metavar="NAMN[=URL]",
                        help="en artefakt som körningen laddar upp, NAMN eller NAMN=URL "
                             "(upload-artifact:s artifact-url); utan URL länkas körningens "
                             "artefaktlista; kan upprepas")
    parser.add_argument("--artifacts-only", action="store_true",
                        help="bara länkarna till artefakterna, under en rapport som jobbet "
                             "själv skrev i sammanfattningen (upprepningstabellen, "
                             "mutationsrapporten)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    links = RunLinks.from_github(os.environ)
    artifacts = [links.artifact(spec) for spec in args.artifact]
    if args.artifacts_only:
        if not artifacts:
            parser.error("--artifacts-only behöver minst en --artifact")
        print(summary.render_artifacts(artifacts), end="")
        return 0
    try:
        data = summary.load(Path(args.signoff))
    except summary.SummaryError as error:
        print(str(error), file=sys.stderr)
        print(summary.render_missing(str(error), artifacts), end="")
        return 0
    print(summary.render_github(data, artifacts, os.environ, links.run_url), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
