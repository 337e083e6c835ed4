"""``./mvj profile check`` in the browser: read what the journal shows of the profile.

One login through the read-only wire guard (``preflight.with_guarded_page``),
then only searches and Kundkort views: every customer entry (``kunder``,
``skyddade_kunder``, ``reservnummerkunder``) is searched by its number and its
Kundkort read, and every pool person is searched to see that they are not a
customer yet. Nothing is typed into a dialog and nothing saved; a journal whose
page sends more than GET and the profile's declared reads is stopped by the
guard, which ends the check with its reason. What the reads mean is judged in
``mvj_suite.live.profile_check``.
"""

from __future__ import annotations

from collections.abc import Sequence

from playwright.sync_api import Locator, Page, expect

from mvj_suite.core.settings import Settings
from mvj_suite.live.preflight import LoginMismatch, calls_line, check_login, with_guarded_page
from mvj_suite.live.profile_check import (
    CardRead,
    Difference,
    EntryCheck,
    ProbeResult,
    compare_card,
    draft_fields,
)
from mvj_suite.live.wire_rules import WireGuard
from mvj_suite.model.identities import parse_identity
from mvj_suite.model.pools import POOLS
from mvj_suite.model.profile import Profile, ProfilePerson
from pages import vocabulary as v
from pages.search import SearchPage
from pages.shell import AppShell

CUSTOMER_SECTIONS = ("kunder", "skyddade_kunder", "reservnummerkunder")
# The Kundkort is drawn once its number label shows; its heading a moment later at most.
HEADING_TIMEOUT_MS = 3_000


def probe_profile(
    settings: Settings, profile: Profile, pools: Sequence[str] = POOLS
) -> ProbeResult:
    """Log in once, read-only through the wire guard, and read the profile's people:
    every customer entry, and the persons of ``pools`` (the ones the selection takes
    from: a search per person, the slowest part against a slow journal)."""

    def work(page: Page, guard: WireGuard, card: bool) -> ProbeResult:
        login_difference = ""
        try:
            check_login(page, profile, card_in_context=card)
        except LoginMismatch as mismatch:
            login_difference = str(mismatch)
        entries = [
            _entry(page, person, section)
            for section in CUSTOMER_SECTIONS
            for person in profile.section(section)
        ]
        pool = [person for section in pools for person in profile.section(section)]
        searcher = _Searcher(page)
        customers = [person for person in pool if searcher.is_customer(_display(person))]
        if card:
            AppShell(page).log_out()
        calls = calls_line(guard, "Profilkontrollen")
        return ProbeResult(login_difference, entries, customers, len(pool), calls,
                           tuple(pools))  # fmt: skip

    return with_guarded_page(settings, profile, work, name="profilkontrollen")


def _display(person: ProfilePerson) -> str:
    return parse_identity(person.number).display


class _Searcher:
    """Searches one number after another, each answer certainly that number's.

    A form journal answers a search with a new page: the next search can start from
    the results, and what is shown is its answer. A single-page journal redraws in
    place, where the previous answer may still show for a moment: each search there
    starts from Kunder – Sök kund. Which one it is shows on the first repeated search
    (a mark in the page's window survives a redraw, not a new page).
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.search_page: SearchPage | None = None
        self.new_page_per_search = True

    def is_customer(self, number: str) -> bool:
        if self.search_page is not None and self.new_page_per_search:
            self.page.evaluate("window.__mvjProfileCheck = true")
            self.search_page.search(number)
            if self.page.evaluate("window.__mvjProfileCheck !== true"):
                return bool(self.search_page.row(number).count())
            self.new_page_per_search = False  # redrawn in place: from the menu from now on
        self.search_page = AppShell(self.page).open_search().search(number)
        return bool(self.search_page.row(number).count())


def _entry(page: Page, person: ProfilePerson, section: str) -> EntryCheck:
    check = EntryCheck(person, section)
    number = _display(person)
    search = AppShell(page).open_search().search(number)
    # search() waits for the journal's answer: no row now means no such customer.
    if not search.row(number).count():
        check.differences.append(Difference(person.entry, "nummer", number,
                                            "finns inte i journalen"))  # fmt: skip
        return check
    search.open_customer(number)
    if section == "skyddade_kunder":
        if not _shows(page.get_by_role("heading", name=v.PROTECTED_IDENTITY, exact=True)):
            check.differences.append(Difference(
                person.entry, "skydd", v.PROTECTED_IDENTITY,
                "Kundkortet visar inte Skyddad identitet"))  # fmt: skip
        return check
    # The card is drawn once it shows the number it was opened for; then every value
    # is read as it is, without waiting for labels the card need not have.
    key = "reservnummer" if section == "reservnummerkunder" else "personnummer"
    expect(page.get_by_label(v.CARD_LABELS[key], exact=True)).to_have_text(number)
    name = f"{person.first_name} {person.last_name}"
    heading_matches = _shows(page.get_by_role("heading", name=name, exact=True))
    shown = {key: page.get_by_label(label, exact=True).all_text_contents()
             for key, label in v.CARD_LABELS.items()}  # fmt: skip
    values = {key: texts[0].strip() if texts else "" for key, texts in shown.items()}
    read = CardRead(heading_matches, values)
    check.differences = compare_card(person, read, reserve=section == "reservnummerkunder")
    check.draft = draft_fields(person, read)
    return check


def _shows(heading: Locator) -> bool:
    """A single-page journal may draw the Kundkort's heading a moment after its values."""
    try:
        expect(heading).to_be_visible(timeout=HEADING_TIMEOUT_MS)
    except AssertionError:
        return False
    return True
