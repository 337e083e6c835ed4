"""The element a check looked at, named in Swedish by its role and accessible name.

A failed check says *which* control it was about — "knappen «Ändra personuppgifter» i
dialogen «Ändra kund»" — so a tester need not open the trace to find it. The page
objects find everything by role and name, label or text (pages/vocabulary.py), and
Playwright keeps exactly that in the locator's selector (``internal:role=button[name=
"Ändra personuppgifter"s]``); this module reads it back. The selector comes from the
locator's public ``repr``; whatever cannot be read is shown as it stands, and a locator
that cannot be read at all gives "" — naming the element must never hide the failure.
"""

from __future__ import annotations

import ast
import json
import re

from playwright.sync_api import Locator

# ARIA roles in the definite form a sentence needs ("knappen", not "knapp").
ROLE_WORDS = {
    "alert": "meddelandet", "alertdialog": "dialogen", "article": "artikeln",
    "banner": "sidhuvudet", "button": "knappen", "cell": "cellen",
    "checkbox": "kryssrutan", "columnheader": "kolumnrubriken", "combobox": "listrutan",
    "complementary": "sidospalten", "contentinfo": "sidfoten", "dialog": "dialogen",
    "form": "formuläret", "grid": "tabellen", "gridcell": "cellen", "group": "gruppen",
    "heading": "rubriken", "img": "bilden", "link": "länken", "list": "listan",
    "listbox": "listan", "listitem": "listraden", "log": "loggen",
    "main": "huvudinnehållet", "menu": "menyn", "menubar": "menyraden",
    "menuitem": "menyvalet", "navigation": "navigeringen", "option": "alternativet",
    "paragraph": "stycket", "progressbar": "förloppsindikatorn",
    "radio": "alternativknappen", "radiogroup": "alternativgruppen", "region": "området",
    "row": "raden", "rowgroup": "radgruppen", "rowheader": "radrubriken",
    "search": "sökområdet", "searchbox": "sökfältet", "spinbutton": "sifferfältet",
    "status": "statusmeddelandet", "switch": "växeln", "tab": "fliken",
    "table": "tabellen", "tablist": "flikraden", "tabpanel": "flikpanelen",
    "textbox": "fältet", "tooltip": "verktygstipset",
}  # fmt: skip
ATTRIBUTE_WORDS = {"placeholder": "fältet med platshållaren", "alt": "bilden",
                   "title": "elementet med titeln"}

_STRING = r'"(?:[^"\\]|\\.)*"'
_ROLE = re.compile(r"internal:role=([\w-]+)(.*)", re.DOTALL)
_ROLE_ATTRIBUTE = re.compile(
    rf'\[(\w[\w-]*)(?:=({_STRING}[is]?|/(?:[^/\\]|\\.)*/\w*|[^\]"]*))?\]')
_QUOTED = re.compile(rf"^({_STRING})[is]?$")
_ATTR = re.compile(rf"^\[([\w-]+)=({_STRING})[is]?\]$")
_NTH = re.compile(r"^nth=(-?\d+)$")


def describe_locator(locator: Locator) -> str:
    """The element ``locator`` points at, in Swedish ("" when it cannot be read)."""
    try:
        match = re.search(r" selector=(.*)>$", repr(locator), re.DOTALL)
        return describe_selector(ast.literal_eval(match[1])) if match else ""
    except (ValueError, SyntaxError, TypeError):
        return ""


def describe_selector(selector: str) -> str:
    """``internal:role=dialog[name="Ändra kund"i] >> internal:role=button[name="Spara"s]``
    → ``knappen «Spara» i dialogen «Ändra kund»``."""
    elements: list[str] = []  # the outermost first; qualifiers join the one before
    for part in _split(selector):
        if part.startswith("internal:describe="):
            return _unquote(part.removeprefix("internal:describe="))  # the author's own
        qualifier = _qualifier(part)
        if qualifier is None:
            elements.append(_element(part))
        elif qualifier and elements:
            elements[-1] += qualifier
    return " i ".join(reversed([e for e in elements if e]))


def _split(selector: str) -> list[str]:
    """The selector's parts between `` >> ``, never inside a quoted string."""
    parts, current, quoted, escaped = [], "", False, False
    index = 0
    while index < len(selector):
        char = selector[index]
        if escaped:
            escaped = False
        elif quoted:
            escaped = char == "\\"
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif selector.startswith(" >> ", index):
            parts.append(current)
            current, index = "", index + 4
            continue
        current += char
        index += 1
    return [*parts, current] if current else parts


def _unquote(text: str) -> str:
    match = _QUOTED.match(text)
    if not match:
        return text
    try:
        return str(json.loads(match[1]))
    except ValueError:
        return match[1][1:-1]


def _element(part: str) -> str:
    role = _ROLE.fullmatch(part)
    if role:
        return _role(role[1], role[2])
    for prefix, word in (("internal:label=", "fältet"), ("internal:text=", "texten")):
        if part.startswith(prefix):
            return f"{word} «{_unquote(part.removeprefix(prefix))}»"
    attribute = _ATTR.match(part.removeprefix("internal:attr="))
    if part.startswith("internal:attr=") and attribute:
        word = ATTRIBUTE_WORDS.get(attribute[1], f"elementet med {attribute[1]}")
        return f"{word} «{_unquote(attribute[2])}»"
    if part in ("body", "html", ":root", "internal:control=enter-frame"):
        return ""  # the whole page: no place worth naming
    return f"«{part}»"


def _role(role: str, attributes: str) -> str:
    word = ROLE_WORDS.get(role, f"elementet med rollen {role}")
    for name, value in _ROLE_ATTRIBUTE.findall(attributes):
        if name == "name" and value.startswith("/"):
            return f"{word} som matchar {value}"
        if name == "name":
            return f"{word} «{_unquote(value)}»"
    return word


def _qualifier(part: str) -> str | None:
    """What a part adds to the element before it; None when the part is an element."""
    for prefix, words in (("internal:has-text=", " med texten"),
                          ("internal:has-not-text=", " utan texten")):
        if part.startswith(prefix):
            return f"{words} «{_unquote(part.removeprefix(prefix))}»"
    for prefix, words in (("internal:has=", " som innehåller "),
                          ("internal:has-not=", " som inte innehåller "),
                          ("internal:or=", " eller "), ("internal:and=", " som också är ")):
        if part.startswith(prefix):
            return words + describe_selector(_unquote(part.removeprefix(prefix)))
    nth = _NTH.match(part)
    if nth:
        number = int(nth[1])
        return "" if number == 0 else " (den sista)" if number == -1 else f" (nummer {number + 1})"
    if part.startswith("visible="):
        return ""
    return None
