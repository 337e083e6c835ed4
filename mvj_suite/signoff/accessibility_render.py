"""The sign-off's accessibility part as Markdown and HTML (``signoff_render`` places it).

Per view: how often axe-core looked, new and accepted violations and the
view's status; then every new violation with its rule, impact, WCAG criteria,
element and help link; the accepted known issues with their reason and date;
and known issues that no longer match anything (the team can remove them).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

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


# --- Markdown -----------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def markdown_lines(part: Part) -> list[str]:
    out = ["", f"## {HEADING} – {status(part)}", "", f"_{NOTE}_  ", f"{part.summary()}  ",
           setup_line(part), ""]
    out.append(_md_row(VIEW_COLUMNS))
    out.append("|" + "---|" * len(VIEW_COLUMNS))
    for view in part.views:
        out.append(_md_row([view.view, _view_note(view.status, view.scans), str(len(view.new)),
                            str(len(view.accepted)), view.status]))
    new = part.new
    if new:
        out += ["", f"### Nya brister ({len(new)})", "", _md_row(NEW_COLUMNS),
                "|" + "---|" * len(NEW_COLUMNS)]
        for f in new:
            expired = f" (känd brist, gick ut {f.known_until})" if f.known_until else ""
            out.append(_md_row([f.view, f"{f.rule}: {f.help}{expired}", _impact(f),
                                _criteria(f), f"`{f.target}`", f.help_url]))
    accepted = [f for v in part.views for f in v.accepted]
    if accepted:
        out += ["", f"### Godtagna kända brister ({len(accepted)})", "",
                _md_row(ACCEPTED_COLUMNS), "|" + "---|" * len(ACCEPTED_COLUMNS)]
        out += [_md_row([f.view, f.rule, f"`{f.target}`", f.known_reason, f.known_until])
                for f in accepted]
    errors = [(v.view, e) for v in part.views for e in dict.fromkeys(v.errors)]
    if errors:
        out += ["", "### Kunde inte granskas", ""]
        out += [f"- {_md(view)}: {_md(error)}" for view, error in errors]
    if part.unused_known:
        out += ["", "### Kända brister som inte hittades i de granskade vyerna", "",
                "_" + UNUSED_NOTE + "_", ""]
        out += [f"- {_md(k.rule)} ({_md(k.view or 'alla vyer')}): {_md(k.reason)} – godtas till "
                f"{k.until.isoformat()}" for k in part.unused_known]
    return out


# --- HTML ------------------------------------------------------------------------------


def _h(text: str) -> str:
    return html.escape(str(text), quote=True)


def _row(cells: Sequence[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _status_class(text: str) -> str:
    # The sign-off's own colours: red as FALLERAT, amber as EJ TÄCKT, green as GODKÄNT.
    return "s-FALLERAT" if text in (VIEW_NEW, VIEW_ERROR) else (
        "s-EJ-TÄCKT" if text == VIEW_NOT_CHECKED else "s-GODKÄNT")


def html_parts(part: Part) -> list[str]:
    overall = status(part)
    css = "s-GODKÄNT" if overall == "INGA NYA BRISTER" else "s-FALLERAT"
    out = [
        f'<h2 id="tillganglighet">{_h(HEADING)} – <span class="{css}">{_h(overall)}</span></h2>',
        f'<p class="not">{_h(NOTE)}</p><p>{_h(part.summary())}</p>',
        f'<p class="not">{_h(setup_line(part))}</p>',
        "<table>" + _row([_h(c) for c in VIEW_COLUMNS], header=True),
    ]
    for view in part.views:
        out.append(_row([
            _h(view.view), _h(_view_note(view.status, view.scans)), str(len(view.new)),
            str(len(view.accepted)),
            f'<span class="{_status_class(view.status)}">{_h(view.status)}</span>',
        ]))
    out.append("</table>")
    new = part.new
    if new:
        out.append(f"<h3>Nya brister ({len(new)})</h3><table>"
                   + _row([_h(c) for c in NEW_COLUMNS], header=True))
        for f in new:
            expired = (f'<br><span class="not">känd brist, gick ut {_h(f.known_until)}: '
                       f"{_h(f.known_reason)}</span>") if f.known_until else ""
            out.append(_row([
                _h(f.view), f"<strong>{_h(f.rule)}</strong>: {_h(f.help)}{expired}",
                _h(_impact(f)), _h(_criteria(f)), f"<code>{_h(f.target)}</code>",
                f'<a href="{_h(f.help_url)}">{_h(f.rule)}</a>' if f.help_url else "–",
            ]))
        out.append("</table>")
    accepted = [f for v in part.views for f in v.accepted]
    if accepted:
        out.append(f"<h3>Godtagna kända brister ({len(accepted)})</h3><table>"
                   + _row([_h(c) for c in ACCEPTED_COLUMNS], header=True))
        out += [_row([_h(f.view), _h(f.rule), f"<code>{_h(f.target)}</code>", _h(f.known_reason),
                      _h(f.known_until)]) for f in accepted]
        out.append("</table>")
    errors = [(v.view, e) for v in part.views for e in dict.fromkeys(v.errors)]
    if errors:
        out.append("<h3>Kunde inte granskas</h3><ul>")
        out += [f"<li>{_h(view)}: {_h(error)}</li>" for view, error in errors]
        out.append("</ul>")
    if part.unused_known:
        out.append('<h3>Kända brister som inte hittades i de granskade vyerna</h3>'
                   f'<p class="not">{_h(UNUSED_NOTE)}</p><ul>')
        out += [f"<li>{_h(k.rule)} ({_h(k.view or 'alla vyer')}): {_h(k.reason)} – godtas till "
                f"{_h(k.until.isoformat())}</li>" for k in part.unused_known]
        out.append("</ul>")
    return out
