"""Failed scenarios from JUnit files as GitHub annotations on the run.

    python -m tools.junit_annotations reports/shard-*/junit.xml

GitHub turns workflow commands (``::error title=…::message``) printed by a step into
annotations on the run's page and, with ``file`` and ``line``, on that line of a pull
request. Printed by the suite itself, they need no third-party action and no
``checks: write`` permission.

A testcase with ``<failure>`` or ``<error>`` is an error; one that passed after
``<flakyFailure>``/``<rerunFailure>`` (Maven Surefire's way, which the suite's JUnit
follows for reruns) a warning. GitHub shows at most ten of each kind per step, so the
tenth says how many more there are.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

PER_KIND = 10  # GitHub's limit of error (and warning) annotations per step
MESSAGE_CHARS = 1000
FAILED_TAGS = ("failure", "error")
FLAKY_TAGS = ("flakyFailure", "flakyError", "rerunFailure", "rerunError")


@dataclass(frozen=True)
class Finding:
    kind: str  # "error" or "warning"
    title: str
    message: str
    file: str = ""
    line: str = ""


def _message(element: ElementTree.Element) -> str:
    text = element.get("message") or (element.text or "").strip()
    return text[:MESSAGE_CHARS] + ("…" if len(text) > MESSAGE_CHARS else "")


def findings(path: Path) -> list[Finding]:
    """The failed and flaky testcases of one JUnit file."""
    found = []
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        name, section = case.get("name", ""), case.get("classname", "")
        title = f"{section}: {name}" if section else name
        place = {"file": case.get("file", ""), "line": case.get("line", "")}
        failed = next((child for tag in FAILED_TAGS if (child := case.find(tag)) is not None),
                      None)
        flaky = next((child for tag in FLAKY_TAGS if (child := case.find(tag)) is not None),
                     None)
        if failed is not None:
            found.append(Finding("error", f"Fallerat – {title}", _message(failed), **place))
        elif flaky is not None:
            found.append(Finding("warning", f"Instabilt – {title}",
                                 "Godkänt först vid omkörning. Första felet: " + _message(flaky),
                                 **place))
    return found


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(finding: Finding) -> str:
    properties = [("file", finding.file), ("line", finding.line), ("title", finding.title)]
    shown = ",".join(f"{key}={_property(value)}" for key, value in properties if value)
    return f"::{finding.kind} {shown}::{_data(finding.message)}"


def _capped(kind: str, items: Sequence[Finding]) -> Iterable[Finding]:
    if len(items) <= PER_KIND:
        yield from items
        return
    yield from items[:PER_KIND - 1]
    rest = len(items) - (PER_KIND - 1)
    what = "fallerade scenarier" if kind == "error" else "instabila scenarier"
    yield Finding(kind, f"… och {rest} {what} till",
                  "GitHub visar högst tio anteckningar av ett slag per steg; alla finns i "
                  "körningens sammanfattning och i godkännanderapporten.")


def annotation_lines(paths: Sequence[Path]) -> tuple[list[str], list[str]]:
    """The workflow commands, and Swedish lines about files that could not be read."""
    all_found: list[Finding] = []
    problems = []
    for path in paths:
        try:
            all_found += findings(path)
        except FileNotFoundError:
            problems.append(f"{path} saknas – körningen skrev ingen JUnit-rapport.")
        except (OSError, ElementTree.ParseError) as error:
            problems.append(f"{path} går inte att läsa ({error}).")
    lines = []
    for kind in ("error", "warning"):
        lines += [workflow_command(f) for f in _capped(kind, [f for f in all_found
                                                              if f.kind == kind])]
    lines += [workflow_command(Finding("warning", "Ingen JUnit-rapport att läsa", p))
              for p in problems]
    return lines, problems


def main(argv: Sequence[str] | None = None) -> int:
    """Prints the workflow commands; exit code 0 also when scenarios failed (the suite's
    own exit code is the test result), 2 on wrong arguments."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.junit_annotations",
        description="Fallerade och instabila scenarier ur JUnit-filer som anteckningar på "
                    "GitHub-körningen (arbetsflödeskommandon på standard ut).",
    )
    parser.add_argument("junit", nargs="+", metavar="JUNIT", help="junit.xml, en eller flera")
    args = parser.parse_args(argv)
    lines, problems = annotation_lines([Path(p) for p in args.junit])
    for problem in problems:
        print(problem, file=sys.stderr)
    for line in lines:
        print(line)
    return 0
