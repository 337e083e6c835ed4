"""Runs axe-core on the page as it is now and turns its answer into findings.

axe-core comes bundled with ``axe-playwright-python`` (no network needed). It runs
in an *isolated world* of the page's main frame (Chrome DevTools Protocol),
not in the page's own JavaScript:

- the page's own scripts never see ``window.axe`` — on a real journal the check
  leaves no trace in the application it looks at;
- a scenario that has stopped the browser's clock (``@klocka``) stops the page's
  timers, and axe-core waits on timers: in its own world it has real ones.

A browser without CDP (not Chromium, which the suite always drives) is not
checked: the view is reported as not checkable, never checked in the page's own
world, where the journal's scripts would see axe-core and a stopped clock would
hang it.

On a live journal a finding names its element by its place in the page
(axe-core's ``ancestry``: tag names and positions only), never by a selector
built from ids or attribute values, and never with the element's markup: an
``input[value="Anna"]`` or a row's text would carry a patient's data. axe-core's
own words are kept, with identity numbers masked.

Frames are not checked (``iframes: false``): the routine's views have none, and
axe-core would otherwise wait for each frame to answer.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Error, Page

from mvj_suite.core.allure_privacy import mask
from mvj_suite.model.accessibility import Finding, ViewScan, criteria

_WORLD = "mvj-tillganglighet"


class ScanError(RuntimeError):
    """axe-core could not look at the page; the message is one Swedish line."""


def scan(page: Page, view: str, tags: tuple[str, ...], live: bool) -> ViewScan:
    """What axe-core finds on ``page`` (showing ``view``) for the rule set ``tags``."""
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        "iframes": False,
        "ancestry": live,  # structural selectors: nothing of the page's data
    }
    result = _run_isolated(page, options)
    engine = result.get("testEngine") or {}
    return ViewScan(
        view=view,
        findings=findings(result, view, live),
        engine=f"{engine.get('name', 'axe-core')} {engine.get('version', '')}".strip(),
        tags=tags,
    )


def findings(result: dict[str, Any], view: str, live: bool) -> list[Finding]:
    """axe-core's ``violations``, one finding per element (markup left out on live)."""
    found: list[Finding] = []
    for violation in result.get("violations") or []:
        for node in violation.get("nodes") or []:
            where = node.get("ancestry") if live and node.get("ancestry") else node.get("target")
            target = " ".join(_selector(part) for part in where or [])
            found.append(
                Finding(
                    view=view,
                    rule=str(violation.get("id", "")),
                    impact=str(violation.get("impact") or node.get("impact") or ""),
                    help=str(violation.get("help", "")),
                    help_url=str(violation.get("helpUrl", "")).split("?")[0],
                    target=(mask(target) or "") if live else target,
                    criteria=criteria(violation.get("tags") or []),
                    html="" if live else str(node.get("html", "")),
                    summary=(mask(node.get("failureSummary")) or "") if live
                    else str(node.get("failureSummary") or ""),
                )
            )
    return found


def _selector(part: Any) -> str:
    # A target inside a shadow root or frame is a list of selectors.
    return " >>> ".join(map(str, part)) if isinstance(part, list) else str(part)


def _run_isolated(page: Page, options: dict[str, Any]) -> dict[str, Any]:
    try:
        session = page.context.new_cdp_session(page)
    except Error as error:  # not Chromium
        raise ScanError("webbläsaren kan inte granskas (axe-core körs bara i Chromium, "
                        "via CDP)") from error
    try:
        tree = session.send("Page.getFrameTree")
        world = session.send(
            "Page.createIsolatedWorld",
            {"frameId": tree["frameTree"]["frame"]["id"], "worldName": _WORLD},
        )
        context = world["executionContextId"]
        _evaluate(session, AXE_SCRIPT, context, wait=False)
        return _evaluate(session, f"axe.run(document, {json.dumps(options)})", context, wait=True)
    finally:
        with contextlib.suppress(Error):  # the page closed meanwhile
            session.detach()


def _evaluate(session: Any, expression: str, context: int, wait: bool) -> dict[str, Any]:
    answer = session.send(
        "Runtime.evaluate",
        {"expression": expression, "contextId": context, "awaitPromise": wait,
         "returnByValue": wait},
    )
    if "exceptionDetails" in answer:
        details = answer["exceptionDetails"]
        text = (details.get("exception") or {}).get("description") or details.get("text")
        raise ScanError(f"axe-core kunde inte granska sidan: {text}")
    value = (answer.get("result") or {}).get("value")
    return value if isinstance(value, dict) else {}
