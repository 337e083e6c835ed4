"""The JUnit XML file: ``<testsuites>``, one ``<testsuite>`` per routine section, one
``<testcase>`` per scenario, reruns and flakes as Maven Surefire writes them.

Every ``<testsuite>`` states exactly the testcases it holds (``tests``, ``failures``,
``errors``, ``skipped``); a flaky testcase counts as neither failed nor skipped, as in
Surefire, and ``<testsuites>`` adds them up.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path

from mvj_suite.junit.model import SKIPPED, Case, Counts, Problem, counts

# XML 1.0 has no place for most control characters (a terminal's colour codes, a
# stray NUL in a page text): written as #xNN, as pytest does.
_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def clean(text: object) -> str:
    return _ILLEGAL.sub(lambda m: f"#x{ord(m[0]):02X}", _ANSI.sub("", str(text)))


def _count_attributes(element: ET.Element, numbers: Counts) -> None:
    element.set("tests", str(numbers.tests))
    element.set("failures", str(numbers.failures))
    element.set("errors", str(numbers.errors))
    element.set("skipped", str(numbers.skipped))


def _problem(parent: ET.Element, tag: str, problem: Problem, nested: bool) -> None:
    """``<failure>`` holds its text; ``<rerunFailure>``/``<flakyFailure>`` a
    ``<stackTrace>``, as Surefire writes them."""
    element = ET.SubElement(parent, tag, message=clean(problem.message), type=clean(problem.type))
    if nested:
        ET.SubElement(element, "stackTrace").text = clean(problem.text)
    else:
        element.text = clean(problem.text)


def _properties(parent: ET.Element, properties: Iterable[tuple[str, str]]) -> None:
    items = list(dict.fromkeys((clean(k), clean(v)) for k, v in properties))
    if items:
        holder = ET.SubElement(parent, "properties")
        for name, value in items:
            ET.SubElement(holder, "property", name=name, value=value)


def testcase(parent: ET.Element, case: Case) -> None:
    attributes = {"name": clean(case.name), "classname": clean(case.classname),
                  "time": f"{case.duration:.3f}"}
    if case.file:  # where annotations point (GitHub, GitLab): the scenario in its feature
        attributes |= {"file": clean(case.file), "line": str(case.line)}
    element = ET.SubElement(parent, "testcase", attributes)
    _properties(element, case.properties)
    primary = case.primary
    if primary is not None:
        _problem(element, primary.kind, primary, nested=False)
        for rerun in case.reruns:
            _problem(element, "rerun" + rerun.kind.capitalize(), rerun, nested=True)
    for flake in case.flakes:
        _problem(element, "flaky" + flake.kind.capitalize(), flake, nested=True)
    if case.status == SKIPPED:
        ET.SubElement(element, "skipped", message=clean(case.skip_reason))


def document(name: str, suites: Mapping[str, list[Case]], timestamp: str, hostname: str,
             wall_time: float, properties: Iterable[tuple[str, str]] = ()) -> ET.Element:
    """``<testsuites>`` with one ``<testsuite>`` per classname, in the given order."""
    root = ET.Element("testsuites", name=clean(name))
    everything = [case for cases in suites.values() for case in cases]
    _count_attributes(root, counts(everything))
    root.set("time", f"{wall_time:.3f}")
    root.set("timestamp", timestamp)
    properties = list(properties)
    for suite_name, cases in suites.items():
        numbers = counts(cases)
        suite = ET.SubElement(root, "testsuite", name=clean(suite_name))
        _count_attributes(suite, numbers)
        suite.set("time", f"{numbers.time:.3f}")
        suite.set("timestamp", timestamp)
        suite.set("hostname", clean(hostname))
        _properties(suite, properties)
        for case in cases:
            testcase(suite, case)
    return root


def write(path: Path, root: ET.Element) -> None:
    """The file, written whole or not at all: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.indent(root)
    partial = path.with_name(f".{path.name}.skrivs")
    partial.write_text('<?xml version="1.0" encoding="utf-8"?>\n'
                       + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")
    os.replace(partial, path)
