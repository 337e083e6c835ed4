"""The calls a test team declares as reads: non-GET requests that change nothing.

A journal may log in, search, ping, fetch from PU or log out after 45 idle
minutes with POST. Nothing in a request's shape tells such a POST from one that
saves, and no window of the suite's own actions can tell it either (the
journal's idle-logout timer fires while the suite does nothing). So the team
that knows its journal declares them in the test-data profile::

    lasande_anrop:
      - POST /api/login
      - POST /api/search
      - POST /kunder/*/andra/avbryt
      - POST https://pu.mvj-test.example.se/api/uppslag

Each entry is a method and a path pattern. A pattern starting with ``/`` means
the journal's own origin; a whole ``https://`` address names another origin.
``*`` stands for one path segment (or part of one), ``**`` for any number of
segments; the query string is never part of the match. ``WS /path`` declares the
messages a page sends over a WebSocket to that path as reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from mvj_suite.model.identity_text import mask_numbers

# GET/HEAD/OPTIONS only read by the HTTP rules themselves: declaring them says nothing.
ALWAYS_READS = frozenset({"GET", "HEAD", "OPTIONS"})
WEBSOCKET = "WS"
_METHOD = re.compile(r"^[A-Z][A-Z-]*$")


@dataclass(frozen=True)
class DeclaredRead:
    method: str
    origin: str  # "" = the journal's own origin
    regex: re.Pattern[str]  # the path pattern


class DeclarationError(ValueError):
    """One entry cannot be read; the message is one Swedish line."""


def parse_declaration(text: str) -> DeclaredRead:
    parts = text.split()
    if len(parts) != 2:
        raise DeclarationError(
            f"'{text}' ska vara en metod och en sökväg, till exempel 'POST /api/sok'"
        )
    method, target = parts[0].upper(), parts[1]
    if not _METHOD.match(method):
        raise DeclarationError(f"'{text}': '{parts[0]}' är ingen HTTP-metod")
    if method in ALWAYS_READS:
        raise DeclarationError(
            f"'{text}': {method} läser alltid och behöver inte deklareras – ange bara "
            "anrop med andra metoder (POST, PUT, PATCH, DELETE …) eller WS"
        )
    origin = ""
    if not target.startswith("/"):
        parts_of = urlsplit(target)
        if parts_of.scheme not in ("https", "wss") or not parts_of.netloc:
            raise DeclarationError(
                f"'{text}': sökvägen ska börja med '/' (journalens egen adress) eller vara "
                "en hel https://-adress"
            )
        if parts_of.query or parts_of.fragment:
            raise DeclarationError(f"'{text}': ange sökvägen utan '?' och '#'")
        origin = origin_of(target)
        target = parts_of.path or "/"
    elif "?" in target or "#" in target:
        raise DeclarationError(f"'{text}': ange sökvägen utan '?' och '#'")
    return DeclaredRead(method, origin, _path_regex(target))


_WILDCARDS = {"**": ".*", "*": "[^/]*"}


def _path_regex(pattern: str) -> re.Pattern[str]:
    pieces = re.split(r"(\*\*|\*)", pattern)
    return re.compile("^" + "".join(_WILDCARDS.get(p, re.escape(p)) for p in pieces) + "$")


@dataclass(frozen=True)
class DeclaredReads:
    """The profile's declared reads, matched against what a browser sends."""

    entries: tuple[DeclaredRead, ...] = ()

    @classmethod
    def parse(cls, texts: Iterable[str]) -> DeclaredReads:
        return cls(tuple(parse_declaration(text) for text in texts))

    def covers(self, method: str, url: str, journal_origin: str) -> bool:
        """Whether ``method url`` is declared a read (``url`` absolute)."""
        origin, path = origin_of(url), urlsplit(url).path or "/"
        method = method.upper()
        return any(
            entry.method == method
            and (entry.origin or origin_of(journal_origin)) == origin
            and entry.regex.match(path)
            for entry in self.entries
        )


_DEFAULT_PORTS = {"https": 443, "http": 80}


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` as a browser compares origins (WebSockets as their page's
    scheme, the default port left out, the host in lower case)."""
    parts = urlsplit(url)
    scheme = {"wss": "https", "ws": "http"}.get(parts.scheme, parts.scheme)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    shown = "" if port is None or port == _DEFAULT_PORTS.get(scheme) else f":{port}"
    return f"{scheme}://{host}{shown}"


def suggestion(method: str, url: str, journal_origin: str) -> str:
    """How a team would declare this call, with any segment holding digits as ``*`` (an
    identity number or a database id in a path is never part of a declaration)."""
    parts = urlsplit(url)
    segments = [
        "*" if any(char.isdigit() for char in segment) else segment
        for segment in (parts.path or "/").split("/")
    ]
    path = mask_numbers("/".join(segments))
    origin = origin_of(url)
    if origin == origin_of(journal_origin):
        origin = ""
    return f"{method.upper()} {origin}{path}"
