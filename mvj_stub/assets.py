"""The journal's style sheet and script, written into every page, allowed by their hash.

Inline rather than as ``/static/…`` files: a browser opening the journal then needs
one request (and one TLS connection with the card) for a page, not three — the
first page of every fresh browser is a third faster. The Content-Security-Policy
still allows no other inline style or script: only these exact texts, named by
their SHA-256 (CSP level 2 hash sources). The files stay servable under
``/static/`` for anyone who links them.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from flask import Flask, current_app
from markupsafe import Markup

INLINED = ("journal.css", "journal.js")
_POLICY = (
    "default-src 'self'; style-src 'self' {styles}; script-src 'self' {scripts}; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
)


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def register_assets(app: Flask) -> None:
    """``inline_asset(name)`` for templates, and the policy that allows exactly those."""
    static = Path(app.static_folder or "static")
    texts = {name: (static / name).read_text(encoding="utf-8") for name in INLINED}
    app.jinja_env.globals["inline_asset"] = lambda name: Markup(texts[name])
    app.extensions["mvj_content_security_policy"] = _POLICY.format(
        styles=_source(texts["journal.css"]), scripts=_source(texts["journal.js"])
    )


def content_security_policy() -> str:
    return str(current_app.extensions["mvj_content_security_policy"])
