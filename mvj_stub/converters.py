"""URL converters of the journal's routes."""

from __future__ import annotations

from werkzeug.routing import BaseConverter


class CustomerIdConverter(BaseConverter):
    """``<kundid:…>``: at most 19 ASCII digits; longer is no route at all (404).

    Werkzeug's ``int`` takes any length (and non-ASCII digits), and a number past
    SQLite's 64 bits made the store fail with 500. The range (1 … 2**63-1) is the
    store's to check (``MAX_ID``): a converter that refused here would turn a POST
    into 405, because werkzeug matches the GET rule's method before converting.
    """

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: object) -> str:
        return str(value)
