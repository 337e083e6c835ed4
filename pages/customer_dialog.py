"""The customer dialogs: Lägg till kund (§2.2), Lägg till kund med reservnummer (§2.3)
and Ändra kund (§2.4).

One class per dialog over a shared base: the three have the same fields and
buttons and differ in the number they show and the fields they add. Everything
is located inside the dialog, by role and accessible name. A dialog may be
redrawn after every button (a server-rendered journal reloads the page);
Playwright's locators are lazy, so each call finds the current dialog again.
"""

from __future__ import annotations

from collections.abc import Mapping

from playwright.sync_api import Locator, Page

from mvj_suite.model import views
from mvj_suite.model.intent import reading, writing
from pages import vocabulary as v
from pages.customer_card import CustomerCard
from pages.expect import expect


class CustomerDialog:
    title: str = ""  # set by each dialog
    view: str = ""  # its name in mvj_suite.model.views

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialog = page.get_by_role("dialog", name=self.title, exact=True)
        self.save_button = self.dialog.get_by_role("button", name=v.SAVE_BUTTON, exact=True)
        self.cancel_button = self.dialog.get_by_role("button", name=v.CANCEL_BUTTON, exact=True)
        self.contact_routes = self.dialog.get_by_role("radiogroup", name=v.CONTACT_ROUTE_GROUP)
        self.consent = self.dialog.get_by_role("checkbox", name=v.CONSENT_CHECKBOX)

    # --- what the dialog shows ------------------------------------------------------
    def expect_open(self) -> CustomerDialog:
        expect(self.dialog).to_be_visible()
        views.shown(self.page, self.view)
        return self

    def expect_closed(self) -> CustomerDialog:
        expect(self.dialog).to_have_count(0)
        return self

    def field(self, key: str) -> Locator:
        """A textbox by the suite's key (``fornamn``, ``epost`` …).

        By role: ``E-post`` is both a textbox and a Kontaktväg radio.
        """
        return self.dialog.get_by_role("textbox", name=v.DIALOG_FIELDS[key], exact=True)

    def text_fields(self) -> list[str]:
        """The keys of the textboxes this dialog has (subclasses add theirs)."""
        return ["first_name", "last_name", "street_address", "postcode", "city",
                "mobile", "email"]  # fmt: skip

    def values(self) -> dict[str, str]:
        return {key: self.field(key).input_value() for key in self.text_fields()}

    def expect_values(self, values: Mapping[str, str]) -> CustomerDialog:
        for key, value in values.items():
            expect(self.field(key)).to_have_value(value)
        return self

    def number(self) -> Locator:
        """The read-only number (Personnummer, or Reservnummer in Ändra kund)."""
        labels = list(v.DIALOG_NUMBER_LABELS.values())
        locator = self.dialog.get_by_label(labels[0], exact=True)
        for label in labels[1:]:
            locator = locator.or_(self.dialog.get_by_label(label, exact=True))
        return locator

    def expect_number(self, text: str) -> CustomerDialog:
        expect(self.number()).to_have_text(text)
        return self

    def contact_route(self, name: str) -> Locator:
        return self.contact_routes.get_by_role("radio", name=name, exact=True)

    def expect_contact_route(self, name: str) -> CustomerDialog:
        expect(self.contact_route(name)).to_be_checked()
        for other in v.CONTACT_ROUTES:
            if other != name:
                expect(self.contact_route(other)).not_to_be_checked()
        return self

    def expect_consent(self, given: bool) -> CustomerDialog:
        if given:
            expect(self.consent).to_be_checked()
        else:
            expect(self.consent).not_to_be_checked()
        return self

    def expect_alert(self, text: str) -> CustomerDialog:
        expect(self.dialog.get_by_role("alert").filter(has_text=text)).to_have_count(1)
        return self

    def expect_problems_only(self, problems: list[str]) -> CustomerDialog:
        """Exactly these alerts about fields, one per problem."""
        wanted = {v.PROBLEMS[problem] for problem in problems}
        for text in wanted:  # these first: they wait for the journal's answer
            self.expect_alert(text)
        for text in set(v.PROBLEMS.values()) - wanted:
            expect(self.dialog.get_by_role("alert").filter(has_text=text)).to_have_count(0)
        return self

    def personal_data(self) -> list[Locator]:
        """Locators that can show personal data (masked on screenshots of a live journal)."""
        return [self.number(), *(self.field(key) for key in self.text_fields())]

    def source(self) -> str:
        """The page's HTML as the browser holds it (for checks that nothing leaks)."""
        return self.page.content()

    # --- what the user does ---------------------------------------------------------
    @reading
    def fill(self, values: Mapping[str, str]) -> CustomerDialog:
        """Type ``values`` (field key -> text) over what the fields hold."""
        for key, value in values.items():
            self.field(key).fill(value)
        return self

    @reading
    def enter(
        self, values: Mapping[str, str], contact_route: str, consent: bool, sex: str = ""
    ) -> CustomerDialog:
        """Fill the form: every textbox this dialog has, from ``values`` by key, then the
        contact route and the consent (and the sex, in a dialog that asks for it)."""
        self.fill({key: values.get(key, "") for key in self.text_fields()})
        self.choose_contact_route(contact_route)
        if consent:
            self.set_consent(True)
        return self

    def expect_entered(self, values: Mapping[str, str]) -> CustomerDialog:
        """Every textbox this dialog has holds ``values[key]`` (what was typed is kept)."""
        return self.expect_values({key: values.get(key, "") for key in self.text_fields()})

    @reading
    def choose_contact_route(self, name: str) -> CustomerDialog:
        self.contact_route(name).check()
        return self

    @reading
    def set_consent(self, given: bool) -> CustomerDialog:
        self.consent.set_checked(given)
        return self

    @writing
    def save(self) -> CustomerCard:
        """Spara; the caller checks whether the Kundkort or the dialog with alerts came.

        A writing action: on a live journal without --allow-writes the guard stops what
        the click sends, whatever the calling step declared.
        """
        self.save_button.click()
        return CustomerCard(self.page)

    @reading
    def cancel(self) -> None:
        """Avbryt; where the journal goes next is the caller's check."""
        self.cancel_button.click()
        self.expect_closed()


class AddCustomerDialog(CustomerDialog):
    """Lägg till kund: for a searched personnummer or samordningsnummer."""

    title = v.ADD_CUSTOMER_DIALOG
    view = views.ADD

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.fetch_button = self.dialog.get_by_role(
            "button", name=v.FETCH_FROM_PU_BUTTON, exact=True
        )

    @reading
    def fetch_from_pu(self) -> AddCustomerDialog:
        """Hämta från PU-tjänsten, until the journal has answered (a reload of the page
        or the answer to the page's own request): the caller then checks the answer."""
        with self.page.expect_response(lambda response: True):
            self.fetch_button.click()
        return self

    def expect_filled_from_pu(self, values: Mapping[str, str]) -> AddCustomerDialog:
        """The fields hold what PU-tjänsten knows (``values``: field key -> text)."""
        self.expect_values(values)
        return self._after_pu()

    def expect_pu_not_found(self) -> AddCustomerDialog:
        self.expect_alert(v.PU_NOT_FOUND)
        return self._after_pu()

    def expect_pu_unavailable(self) -> AddCustomerDialog:
        self.expect_alert(v.PU_UNAVAILABLE)
        return self._after_pu()

    def _after_pu(self) -> AddCustomerDialog:
        # The caller has seen PU's answer: the dialog as the fetch left it.
        views.shown(self.page, views.ADD_AFTER_PU)
        return self

    def expect_duplicate(self) -> AddCustomerDialog:
        self.expect_alert(v.DUPLICATE_NUMBER)
        return self

    def expect_protected(self) -> AddCustomerDialog:
        """Skyddad identitet: the text is shown and no personal field can be typed into.

        The contract lets a journal either keep the fields read-only or leave them out;
        what PU knows of the person must not show either way (checked on the source).
        """
        expect(self.dialog.get_by_text(v.PROTECTED_IDENTITY).first).to_be_visible()
        for key in self.text_fields():
            field = self.field(key)
            if field.count():
                expect(field).not_to_be_editable()
        return self._after_pu()


class ReserveDialog(CustomerDialog):
    """Lägg till kund med reservnummer: the journal assigns the number on Spara."""

    title = v.RESERVE_DIALOG
    view = views.RESERVE

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.sexes = self.dialog.get_by_role("radiogroup", name=v.SEX_GROUP)

    def text_fields(self) -> list[str]:
        return ["birth_date", *super().text_fields()]

    def sex(self, name: str) -> Locator:
        return self.sexes.get_by_role("radio", name=name, exact=True)

    @reading
    def enter(
        self, values: Mapping[str, str], contact_route: str, consent: bool, sex: str = ""
    ) -> ReserveDialog:
        super().enter(values, contact_route, consent)
        if sex:
            self.choose_sex(sex)
        return self

    @reading
    def choose_sex(self, name: str) -> ReserveDialog:
        self.sex(name).check()
        return self

    def expect_no_sex_chosen(self) -> ReserveDialog:
        for name in v.SEXES:
            expect(self.sex(name)).not_to_be_checked()
        return self


class EditCustomerDialog(CustomerDialog):
    """Ändra kund: the stored values, and for a reservnummer customer the real number."""

    title = v.EDIT_DIALOG
    view = views.EDIT

    @reading
    def replace_number(self, number: str) -> EditCustomerDialog:
        self.field("new_number").fill(number)
        return self

    def personal_data(self) -> list[Locator]:
        return [*super().personal_data(), self.field("new_number")]
