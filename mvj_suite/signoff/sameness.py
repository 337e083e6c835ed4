"""Two runs' sign-off and JUnit, compared for content: ``python -m tools.compare_runs A B``.

A parallel run must say exactly what a serial run of the same selection against the
same journal says: the same scenarios in the same order, the same outcomes, reasons,
steps, requirements, accessibility per view and verdict, and the same JUnit cases,
failures and properties. What may differ is only what no two runs share:

- times (durations, start and end, JUnit's ``time`` and ``timestamp``), the host;
- what each run names uniquely (Allure's ids, the address and port of a stub started
  for the run);
- which scenario happened to show a view first and so had it scanned (``--a11y-scan
  first``): that follows the order the scenarios ran in, which differs between two
  serial runs too (pytest-randomly). The results per view are compared instead.

Each difference is one Swedish line naming where it is; none means the same content.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

# Keys whose values no two runs share, wherever they occur in signoff.json.
VOLATILE = frozenset({
    "started", "finished", "duration", "allure_uuid", "allure_page", "base_url",
    "videos",
})  # fmt: skip
_SCENARIO_ONLY = frozenset({"accessibility"})  # per scenario: follows the run order
_JUNIT_VOLATILE = frozenset({"time", "timestamp", "hostname"})
_JUNIT_VOLATILE_PROPERTIES = frozenset({"base_url"})


def _clean(value: Any, in_scenario: bool = False) -> Any:
    if isinstance(value, dict):
        return {key: _clean(item, in_scenario or key == "scenarios")
                for key, item in value.items()
                if key not in VOLATILE and not (in_scenario and key in _SCENARIO_ONLY)}
    if isinstance(value, list):
        return [_clean(item, in_scenario) for item in value]
    return value


def _differences(before: Any, after: Any, where: str) -> Iterator[str]:
    if type(before) is not type(after):
        yield f"{where}: {before!r} / {after!r}"
    elif isinstance(before, dict):
        for key in dict.fromkeys([*before, *after]):
            if key not in before or key not in after:
                which = "den första" if key in before else "den andra"
                yield f"{where}.{key}: finns bara i {which}"
            else:
                yield from _differences(before[key], after[key], f"{where}.{key}")
    elif isinstance(before, list):
        if len(before) != len(after):
            yield f"{where}: {len(before)} / {len(after)} poster"
        else:
            for index, (one, other) in enumerate(zip(before, after, strict=True)):
                yield from _differences(one, other, f"{where}[{_label(one, index)}]")
    elif before != after:
        yield f"{where}: {before!r} / {after!r}"


def _label(item: Any, index: int) -> str:
    """A scenario by its name, a requirement by its id: a line a reader can find."""
    if isinstance(item, dict):
        for key in ("name", "id", "view"):
            if isinstance(item.get(key), str):
                return repr(item[key])
    return str(index)


def signoff_differences(first: Path, second: Path) -> list[str]:
    one, other = (_clean(json.loads(path.read_text(encoding="utf-8"))) for path in (first, second))
    return list(_differences(one, other, "signoff.json"))


def _junit(path: Path) -> dict[str, Any]:
    def element(node: ET.Element) -> dict[str, Any]:
        attributes = {key: value for key, value in node.attrib.items()
                      if key not in _JUNIT_VOLATILE}
        if node.tag == "property" and attributes.get("name") in _JUNIT_VOLATILE_PROPERTIES:
            attributes.pop("value", None)
        return {"name": attributes.get("name", node.tag), "tag": node.tag,
                "attributes": attributes, "text": (node.text or "").strip(),
                "children": [element(child) for child in node]}  # fmt: skip

    return element(ET.parse(path).getroot())


def junit_differences(first: Path, second: Path) -> list[str]:
    return list(_differences(_junit(first), _junit(second), "junit.xml"))


def compare(first: Path, second: Path) -> list[str]:
    """Every difference in content between the reports in two folders."""
    lines = []
    for name, differences in (("signoff.json", signoff_differences),
                              ("junit.xml", junit_differences)):  # fmt: skip
        missing = [str(folder / name) for folder in (first, second)
                   if not (folder / name).is_file()]
        if missing:
            lines.append(f"{', '.join(missing)} finns inte.")
        else:
            lines += differences(first / name, second / name)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("användning: python -m tools.compare_runs MAPP_1 MAPP_2 (med signoff.json och "
              "junit.xml var)", file=sys.stderr)
        return 2
    first, second = (Path(arg) for arg in args)
    lines = compare(first, second)
    for line in lines:
        print(line)
    if lines:
        print(f"{len(lines)} skillnader mellan {first} och {second}.")
        return 1
    print(f"Samma innehåll i godkännandet och JUnit ({first} och {second}), bortsett från "
          "tider, körningens id och vilket scenario som först visade en vy.")
    return 0
