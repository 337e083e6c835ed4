"""The reports' templates: one Jinja2 set-up for every capability that writes a report.

A capability keeps its templates in its own ``templates/`` folder. ``*.html.j2`` is
autoescaped; Markdown has its own filters: ``md`` keeps a value inside one table cell
(an escaped ``|``, no newline) and ``mdcode`` shows it as code.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_code(text: object) -> str:
    # A code span shows Playwright's "<dd …>" as text; a backtick inside would end it.
    return "`" + md(str(text).replace("`", "'")) + "`"


def templates(package: str) -> Environment:
    """The templates of ``package`` (its ``templates/`` folder)."""
    environment = Environment(
        loader=PackageLoader(package),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    environment.filters.update(md=md, mdcode=md_code)
    return environment
