"""The routine's text as a page next to the sign-off: ``reports/rutin-781659-R12.html``.

The sign-off and the Allure report link a section (``#avsnitt-2-2``) or a sentence
(``#krav-2.2-3``) of the routine; a browser shows a ``.md`` file as raw text from the
top, so the links land here instead: the routine's document (``docs/rutin-781659-R12.md``)
rendered with its anchors, each sentence marked with its id and linked to its row in
the sign-off's traceability matrix.

The document is ours and written in a small part of Markdown – headings, paragraphs, a
table, lists (the sentences are list items), ``**fet**``, ``*kursiv*``, ``kod`` and
links – and read block by block here rather than with a Markdown library the suite would
otherwise not need. Text is escaped before any of it becomes HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from mvj_suite.core.templates import templates
from mvj_suite.model.requirements import DOC_PATH, UNTESTABLE_MARK, requirement_anchor
from mvj_suite.model.routine import ROUTINE, ROUTINE_DOC

SIGNOFF_PAGE = "signoff.html"  # the matrix's rows are ``signoff.html#krav-<id>``

_ANCHOR_LINE = re.compile(r'^<a id="(?P<id>[^"]+)"></a>$')
_HEADING = re.compile(r"^(?P<level>#{1,4}) (?P<text>.+)$")
_ITEM = re.compile(r"^(?P<indent> *)- (?P<text>.*)$")
_ITEM_ANCHOR = re.compile(r'^<a id="(?P<id>[^"]+)"></a>(?:\*\*(?P<label>[^*]+)\*\*)?\s*')
_INLINE = re.compile(
    r"`(?P<code>[^`]+)`"
    r"|\*\*(?P<strong>[^*]+)\*\*"
    r"|\*(?P<em>[^*]+)\*"
    r"|\[(?P<link>[^\]]+)\]\((?P<href>[^)\s]+)\)"
)

_TEMPLATES = templates("mvj_suite.signoff")


def inline(text: str) -> Markup:
    """``text`` as HTML: escaped, with code, strong, emphasis and links."""
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[position:match.start()]))
        if match["code"] is not None:
            out.append(Markup("<code>{}</code>").format(match["code"]))
        elif match["strong"] is not None:
            out.append(Markup("<strong>{}</strong>").format(inline(match["strong"])))
        elif match["em"] is not None:
            out.append(Markup("<em>{}</em>").format(inline(match["em"])))
        else:
            out.append(Markup('<a href="{}">{}</a>').format(match["href"], inline(match["link"])))
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)


@dataclass
class Item:
    text: str
    anchor: str = ""
    label: str = ""  # a sentence's id ("2.2-3")
    children: list[Item] = field(default_factory=list)

    @property
    def html(self) -> Markup:
        return inline(self.text)

    @property
    def untestable(self) -> bool:
        return self.text.startswith(UNTESTABLE_MARK)


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "table", "list"
    text: str = ""
    level: int = 0
    anchor: str = ""
    rows: list[list[Markup]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def html(self) -> Markup:
        return inline(self.text)


def _item(text: str) -> Item:
    anchor = _ITEM_ANCHOR.match(text)
    if anchor is None:
        return Item(text)
    return Item(text[anchor.end():], anchor["id"], (anchor["label"] or "").strip())


def _list(lines: list[str]) -> list[Item]:
    """List items (two-space nesting) with their wrapped lines joined."""
    items: list[Item] = []
    for line in lines:
        match = _ITEM.match(line)
        if match and len(match["indent"]) < 2:
            items.append(_item(match["text"]))
        elif match and items:
            items[-1].children.append(_item(match["text"]))
        elif items:  # a wrapped line of the last item (or of its last child)
            last = items[-1].children[-1] if items[-1].children else items[-1]
            last.text += " " + line.strip()
    return items


def _table(lines: list[str]) -> list[list[Markup]]:
    rows = [[inline(cell.strip()) for cell in line.strip().strip("|").split("|")]
            for line in lines]
    # Markdown's separator row (|---|---|) is no row of the table.
    return [row for row in rows if not all(set(str(cell)) <= set("-: ") for cell in row)]


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    pending_anchor = ""
    chunk: list[str] = []

    def flush() -> None:
        nonlocal pending_anchor
        if not chunk:
            return
        first = chunk[0]
        if first.startswith("|"):
            blocks.append(Block("table", rows=_table(chunk)))
        elif _ITEM.match(first):
            blocks.append(Block("list", items=_list(chunk)))
        else:
            blocks.append(Block("paragraph", " ".join(line.strip() for line in chunk)))
        chunk.clear()

    for line in text.splitlines():
        anchor = _ANCHOR_LINE.match(line.strip())
        heading = _HEADING.match(line)
        if not line.strip():
            flush()
        elif anchor:
            flush()
            pending_anchor = anchor["id"]
        elif heading:
            flush()
            blocks.append(Block("heading", heading["text"].strip(), len(heading["level"]),
                                pending_anchor))
            pending_anchor = ""
        else:
            chunk.append(line)
    flush()
    return blocks


def render_routine_page(suite_commit: str = "", path: Path = DOC_PATH) -> str:
    """The page: the document's blocks, or why the document could not be read."""
    try:
        blocks, problem = parse_blocks(path.read_text(encoding="utf-8")), ""
    except OSError as error:
        blocks, problem = [], f"{ROUTINE_DOC} kunde inte läsas: {error.strerror}"
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), ROUTINE.label)
    return _TEMPLATES.get_template("routine.html.j2").render(
        title=title, blocks=[b for b in blocks if not (b.kind == "heading" and b.level == 1)],
        problem=problem, source=ROUTINE_DOC, commit=suite_commit,
        signoff=SIGNOFF_PAGE, anchor_of=requirement_anchor,
    )
