"""Sök kund (§2.1): what a search text means and what it finds — and where a cancelled
customer dialog returns the user to (the search, or the Kundkort, it was opened from)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from mvj_stub.breaks import broken
from mvj_stub.characters import has_control_characters
from mvj_stub.contact import is_mobile, looks_like_phone, normalize_email, normalize_phone
from mvj_stub.identity import (
    IdentityNumber,
    InvalidIdentityNumber,
    Kind,
    looks_like_identity_number,
)
from mvj_stub.identity import parse as parse_identity
from mvj_stub.model import Customer
from mvj_stub.store import Store

MIN_LENGTH = 4
BROKEN_MIN_LENGTH = 3  # search-three-characters


class Outcome(StrEnum):
    EMPTY = "tom"  # nothing typed yet: show the form only
    INVALID_CHARACTERS = "otillatna_tecken"  # control characters: never searched
    TOO_SHORT = "for_kort"
    INVALID_NUMBER = "ogiltigt_nummer"
    NUMBER_NOT_FOUND = "nummer_saknas"
    NO_HITS = "inga_traffar"
    HITS = "traffar"


@dataclass(frozen=True)
class SearchResult:
    outcome: Outcome
    customers: list[Customer] = field(default_factory=list)
    number: IdentityNumber | None = None  # set for NUMBER_NOT_FOUND


def search(store: Store, text: str, today: date) -> SearchResult:
    # Before trimming: strip() would quietly drop a tab or a newline at either end.
    if has_control_characters(text):
        return SearchResult(Outcome.INVALID_CHARACTERS)
    query = text.strip()
    if not query:
        return SearchResult(Outcome.EMPTY)
    shortest = BROKEN_MIN_LENGTH if broken("search-three-characters") else MIN_LENGTH
    if len(query) < shortest:
        return SearchResult(Outcome.TOO_SHORT)
    if looks_like_identity_number(query):
        return _by_number(store, query, today)
    phone = normalize_phone(query)
    if broken("search-partial-phone") and looks_like_phone(query):
        # Complete numbers in any notation still find; any run of digits finds as well.
        digits = re.sub(r"\D", "", query)
        found = store.find_by_phone(phone) if phone is not None else []
        found += [customer for customer in store.unprotected_customers()
                  if digits in (customer.mobiltelefon_norm or "") and customer not in found]
        return _hits(found)
    if "@" in query:
        email = normalize_email(query)
        found = store.find_by_email(email) if email else []
        if broken("search-email-case-sensitive"):
            found = [customer for customer in found if customer.epost == query]
        if email is None and broken("search-partial-email"):
            found = _partial_email(store, query)
        return _hits(found)
    if phone is not None:
        return _hits(store.find_by_phone(phone))
    found = _by_name(store, query)
    if broken("search-partial-email"):
        found += [customer for customer in _partial_email(store, query) if customer not in found]
    return _hits(found)


def _partial_email(store: Store, part: str) -> list[Customer]:
    """Customers whose e-mail address contains ``part`` (only in a stub that breaks
    search-partial-email: the routine finds on the full address only)."""
    folded = part.casefold()
    return [customer for customer in store.unprotected_customers()
            if folded in (customer.epost_norm or "")]


def _by_number(store: Store, query: str, today: date) -> SearchResult:
    # A bare 07XXXXXXXX is both a mobile number and a personnummer shape (contract):
    # an invalid identity number of that shape is searched as a phone number, and a
    # valid one that is no customer's number falls back to the phone too.
    mobile = normalize_phone(query) if query.isdigit() else None
    mobile = mobile if mobile is not None and is_mobile(mobile) else None
    try:
        number = parse_identity(query, today)
    except (InvalidIdentityNumber, ValueError):
        if mobile is not None:
            return _hits(store.find_by_phone(mobile))
        return SearchResult(Outcome.INVALID_NUMBER)
    customer = store.find_by_number(number.digits)
    if number.kind is Kind.RESERVNUMMER and broken("reservnummer-not-searchable"):
        customer = None
    if customer is not None:
        return SearchResult(Outcome.HITS, [customer])
    if mobile is not None:
        by_phone = store.find_by_phone(mobile)
        if by_phone:
            return SearchResult(Outcome.HITS, by_phone)
    if broken("no-add-offer-for-missing-number"):
        return SearchResult(Outcome.NO_HITS)
    return SearchResult(Outcome.NUMBER_NOT_FOUND, number=number)


def _by_name(store: Store, query: str) -> list[Customer]:
    """Every term must occur, case-insensitively, in the first or the last name.

    Done in Python with ``casefold`` because SQLite's ``lower()`` knows no å, ä, ö.
    """
    fold = (lambda text: text) if broken("search-name-case-sensitive") else str.casefold
    terms = [fold(term) for term in query.split()]
    found = []
    for customer in store.unprotected_customers():
        names = (fold(customer.fornamn or ""), fold(customer.efternamn or ""))
        if all(any(term in name for name in names) for term in terms):
            found.append(customer)
    return found


def _hits(customers: list[Customer]) -> SearchResult:
    return SearchResult(Outcome.HITS if customers else Outcome.NO_HITS, customers)


# --- back from a dialog (WCAG 2.4.3: focus returns to the button that opened it) ---------
class Opener(StrEnum):
    """The button a customer dialog was opened with, on the page it was opened from."""

    ADD_CUSTOMER = "lagg-till-kund"  # Lägg till kund, under the question for a number
    ADD_NEW_CUSTOMER = "lagg-till-ny-kund"  # Lägg till ny kund (on to the reservnummer)
    EDIT = "andra"  # Ändra personuppgifter on a Kundkort


@dataclass(frozen=True)
class Return:
    """Where a cancelled dialog leaves the user: its opener, and what the page showed."""

    opener: Opener
    query: str = ""  # ADD_CUSTOMER: the number searched for, as the page shows it again
    customer_id: int = 0  # EDIT: whose Kundkort


class Returns:
    """Pending returns, one per session (token hash), taken by the next page shown.

    The dialogs are pages of their own, so closing one is a new page load: Avbryt
    leaves a return here, and Sök kund or the Kundkort, shown next, takes it and
    renders itself as it was, with focus on the opener. Numbers only, nothing else
    personal, and only until that next page.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, Return] = {}

    def leave(self, session_key: str, back: Return) -> None:
        with self._lock:
            self._pending[session_key] = back

    def take(self, session_key: str) -> Return | None:
        with self._lock:
            return self._pending.pop(session_key, None)


_RETURNS_KEY = "mvj_returns"


def returns_of(extensions: dict[str, Any]) -> Returns:
    """The running app's returns (``current_app.extensions``: one per stub)."""
    returns: Returns = extensions.setdefault(_RETURNS_KEY, Returns())
    return returns
