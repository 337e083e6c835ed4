"""The sign-off's accessibility part, as the view its templates show (``render`` places it).

Per view: how often axe-core looked, new and accepted violations and the
view's status; then every new violation with its rule, impact, WCAG criteria,
element and help link; the accepted known issues with their reason and date;
and known issues that no longer match anything (the team can remove them).
"""

from __future__ import annotations

from typing import Any

from mvj_suite.model.accessibility import IMPACT_TEXT, Finding
from mvj_suite.signoff.accessibility import (
    HEADING,
    NOTE,
    VIEW_ERROR,
    VIEW_NEW,
    VIEW_NOT_CHECKED,
    Part,
)

VIEW_COLUMNS = ("Vy", "Granskad", "Nya brister", "Godtagna", "Besked")
NEW_COLUMNS = ("Vy", "Regel", "Påverkan", "WCAG", "Element", "Hjälp")
ACCEPTED_COLUMNS = ("Vy", "Regel", "Element", "Skäl", "Godtas till")
KEYBOARD_HEADING = "Tangentbordet"
UNUSED_NOTE = (
    "Åtgärdade – eller gäller de en regel utanför regeluppsättningen (--a11y-tags)? "
    "Kontrollera innan de tas bort ur profilen."
)


def status(part: Part) -> str:
    new = len(part.new)
    if new:
        return f"{new} {'NY BRIST' if new == 1 else 'NYA BRISTER'}"
    if any(v.status == VIEW_ERROR for v in part.views):
        return "KUNDE INTE GRANSKA ALLT"
    if part.failed_keyboard:
        return "TANGENTBORDET FALLERADE"
    return "INGA NYA BRISTER"


def setup_line(part: Part) -> str:
    setup = part.setup
    known = (f"{len(setup.known)} kända brister ur {setup.known_source}" if setup.known
             else "inga kända brister i profilen")
    return (f"Regler: {', '.join(setup.tags)} · granskning: --a11y-scan {setup.scan} · "
            f"{known}")


def _view_note(view_status: str, scans: int) -> str:
    if view_status == VIEW_NOT_CHECKED:
        return "visades inte i körningen"
    return f"{scans} gång" if scans == 1 else f"{scans} gånger"


def _criteria(finding: Finding) -> str:
    return ", ".join(finding.criteria) or "–"


def _impact(finding: Finding) -> str:
    return IMPACT_TEXT.get(finding.impact, finding.impact or "–")


def _view_status_class(text: str) -> str:
    # The sign-off's own colours: red as FALLERAT, amber as EJ TÄCKT, green as GODKÄNT.
    return "s-FALLERAT" if text in (VIEW_NEW, VIEW_ERROR) else (
        "s-EJ-TÄCKT" if text == VIEW_NOT_CHECKED else "s-GODKÄNT")


def _finding(f: Finding) -> dict[str, str]:
    expired = f" (känd brist, gick ut {f.known_until})" if f.known_until else ""
    return {"view": f.view, "rule": f.rule, "help": f.help, "expired_md": expired,
            "impact": _impact(f), "criteria": _criteria(f), "target": f.target,
            "help_url": f.help_url, "known_until": f.known_until,
            "known_reason": f.known_reason}


def part_view(part: Part, keyboard: list[dict[str, Any]]) -> dict[str, Any]:
    """What the sign-off's templates show of the part (``keyboard``: its scenario rows)."""
    overall = status(part)
    views = [(view.view, _view_note(view.status, view.scans), str(len(view.new)),
              str(len(view.accepted)), view.status) for view in part.views]
    return {
        "heading": HEADING, "status": overall, "clean": overall == "INGA NYA BRISTER",
        "note": NOTE, "summary": part.summary(), "setup": setup_line(part),
        "view_columns": VIEW_COLUMNS, "views": views,
        "view_rows": [(*row, _view_status_class(row[4])) for row in views],
        "new_columns": NEW_COLUMNS, "new": [_finding(f) for f in part.new],
        "accepted_columns": ACCEPTED_COLUMNS,
        "accepted": [_finding(f) for v in part.views for f in v.accepted],
        "errors": [(v.view, e) for v in part.views for e in dict.fromkeys(v.errors)],
        "unused_note": UNUSED_NOTE,
        "unused": [{"rule": k.rule, "view": k.view or "alla vyer", "reason": k.reason,
                    "until": k.until.isoformat()} for k in part.unused_known],
        "keyboard_heading": KEYBOARD_HEADING, "keyboard": keyboard,
    }
