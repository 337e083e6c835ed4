"""Every word the page objects look for — the journal's UI contract in one place.

The page objects locate by role plus accessible name, label or visible text,
and all of those texts live here. Pointing the suite at a journal whose
wording differs is a change to this file only. Texts with a placeholder are
templates; page objects fill them with ``.format``.
"""

from __future__ import annotations

import re
from typing import Final

# §1 Login, session and logout
LOGIN_HEADING: Final = "Logga in i MittVaccin Journal"
LOGIN_BUTTON: Final = "Logga in med SITHS-kort"
LOGGED_IN_AS: Final = "Inloggad som {name} ({hsa_id})"
LOGGED_IN_PREFIX: Final = "Inloggad som"
LOGOUT_BUTTON: Final = "Logga ut"
LOGGED_OUT_HEADING: Final = "Du är utloggad"
INACTIVITY_HEADING: Final = "Du har loggats ut"
INACTIVITY_TEXT: Final = (
    "Du har loggats ut efter 45 minuters inaktivitet. "
    "Stäng webbläsaren (alla flikar) och öppna den igen för att logga in."
)
NO_VALID_CARD: Final = "Inget giltigt SITHS-kort hittades."
NO_ACCESS: Final = "Behörighet saknas för {hsa_id}."
CLOSE_BROWSER: Final = "Stäng webbläsaren (alla flikar) och öppna den igen för att logga in."

# §2.1 Sök patient
CUSTOMERS_MENU: Final = "Kunder"
SEARCH_MENU_ITEM: Final = "Sök kund"
SEARCH_HEADING: Final = "Sök kund"
SEARCH_FIELD: Final = "Personnummer, namn, telefonnummer eller e-post"
SEARCH_BUTTON: Final = "Sök"
ADD_NEW_CUSTOMER_BUTTON: Final = "Lägg till ny kund"
TOO_SHORT: Final = "Ange minst fyra tecken."
NO_CUSTOMERS_FOUND: Final = "Inga kunder hittades."
INVALID_PERSONNUMMER: Final = "Ogiltigt personnummer."
NOT_IN_JOURNAL: Final = "Personnumret finns inte i MittVaccin Journal. Vill du lägga till kunden?"
ADD_CUSTOMER_BUTTON: Final = "Lägg till kund"
RESULTS_TABLE: Final = "Sökresultat"
COLUMN_NUMBER: Final = "Personnummer"
COLUMN_NAME: Final = "Namn"
COLUMN_ADDRESS: Final = "Adress"

# Kundkort and §2.5
PROTECTED_IDENTITY: Final = "Skyddad identitet"
CARD_LABELS: Final = {
    "personnummer": "Personnummer",
    "reservnummer": "Reservnummer",
    "birth_date": "Födelsedatum",
    "address": "Adress",
    "mobile": "Mobiltelefon",
    "email": "E-post",
    "contact_route": "Kontaktväg",
    "consent": "Samtycke till erbjudanden",
}
CONSENT_YES: Final = "Ja"
CONSENT_NO: Final = "Nej"
EDIT_CUSTOMER_BUTTON: Final = "Ändra personuppgifter"
CUSTOMER_SAVED: Final = "Kunden har sparats."
NO_MANUAL_COMPLETION: Final = "Inga uppgifter ska kompletteras manuellt."

# §2.2–§2.4 the customer dialogs
ADD_CUSTOMER_DIALOG: Final = "Lägg till kund"
RESERVE_DIALOG: Final = "Lägg till kund med reservnummer"
RESERVE_BUTTON: Final = "Lägg till kund med reservnummer"
EDIT_DIALOG: Final = "Ändra kund"
FETCH_FROM_PU_BUTTON: Final = "Hämta från PU-tjänsten"
SAVE_BUTTON: Final = "Spara"
CANCEL_BUTTON: Final = "Avbryt"
# The read-only number a dialog shows, by the kind of number.
DIALOG_NUMBER_LABELS: Final = {"personnummer": "Personnummer", "reservnummer": "Reservnummer"}
# Textboxes by the suite's field keys (the control interface's ascii keys).
DIALOG_FIELDS: Final = {
    "first_name": "Förnamn",
    "last_name": "Efternamn",
    "street_address": "Utdelningsadress",
    "postcode": "Postnummer",
    "city": "Ort",
    "mobile": "Mobiltelefon",
    "email": "E-post",
    "birth_date": "Födelsedatum",
    "new_number": "Personnummer eller samordningsnummer",
}
CONTACT_ROUTE_GROUP: Final = "Kontaktväg"
CONTACT_ROUTES: Final = ("SMS", "E-post", "Båda")
SEX_GROUP: Final = "Kön"
SEXES: Final = ("Kvinna", "Man", "Okänt")
CONSENT_CHECKBOX: Final = (
    "Kunden samtycker till att dennes kontaktuppgifter används vid utskick av erbjudanden"
)
PU_NOT_FOUND: Final = "Personen finns inte i PU-tjänsten. Fyll i uppgifterna manuellt."
PU_UNAVAILABLE: Final = "PU-tjänsten svarar inte. Försök igen eller fyll i uppgifterna manuellt."
DUPLICATE_NUMBER: Final = "Personnumret finns redan i MittVaccin Journal."
# One alert per problem, by the words the feature files use for the problem.
PROBLEMS: Final = {
    "förnamn saknas": "Förnamn: obligatoriskt.",
    "efternamn saknas": "Efternamn: obligatoriskt.",
    "postnumret inte är fem siffror": "Postnummer: ange fem siffror.",
    "mobiltelefonen inte är ett svenskt nummer": "Mobiltelefon: ange ett svenskt telefonnummer.",
    "e-postadressen är ogiltig": "E-post: ange en giltig e-postadress.",
    "födelsedatum saknas": "Födelsedatum: obligatoriskt.",
    "födelsedatumet är ogiltigt": "Födelsedatum: ange ett giltigt datum (ÅÅÅÅ-MM-DD).",
    "födelsedatumet är i framtiden": "Födelsedatum: får inte vara i framtiden.",
    "kön saknas": "Kön: obligatoriskt.",
    "numret finns hos en annan kund": (
        "Personnummer eller samordningsnummer: finns redan hos en annan kund."
    ),
    "numret är ogiltigt": "Personnummer eller samordningsnummer: ogiltigt nummer.",
}

# Not in the contract: the version text a journal may show (the stub's footer says
# "MittVaccin Journal (stubb) version 0.1.0"); only read for the sign-off report.
JOURNAL_VERSION: Final = re.compile(r"MittVaccin Journal\b.*\bversion\s+\S+", re.IGNORECASE)

# --- Only the keyboard: the accessibility checks outside the routine (WCAG 2.1.1, 2.4.3) ---
# Not the journal's words: the keys the nurse presses (as Playwright names them) and
# their Swedish names, how the suite names what it moves the focus to and what it says
# when the focus goes astray, and what it asks the page about the focus — the standard
# DOM's document.activeElement, never the journal's markup (pages/keyboard.py).
KEYS: Final = {
    "tab": "Tab",
    "shift_tab": "Shift+Tab",
    "enter": "Enter",
    "space": "Space",
    "escape": "Escape",
    "down": "ArrowDown",  # inside a menu (role menu): its items are reached with the arrows
    "select_all": "ControlOrMeta+A",  # before typing over what a field holds
}
KEY_NAMES: Final = {
    "Tab": "Tab", "Shift+Tab": "Skift+Tab", "Enter": "Enter", "Space": "Mellanslag",
    "Escape": "Escape", "ArrowDown": "Pil ned",
}  # fmt: skip
FOCUS_TARGETS: Final = {
    "button": "knappen {name}",
    "menu": "menyknappen {name}",
    "menuitem": "menyvalet {name}",
    "field": "fältet {name}",
    "result": "sökträffen {name}",
    "dialog": "dialogen {name}",
}
FOCUS_MESSAGES: Final = {
    "not_reached": (
        "Tangentbordet når inte {target}: efter {presses} tryck på {key} står fokus på {where}."
    ),
    "not_inside": "Fokus står inte i {target}, utan på {where}.",
    "left": (
        "Fokus lämnade {target} vid tryck nr {first} på {key} ({outside} av {total} tryck "
        "hamnade utanför)."
    ),
    "stuck": "Fokus flyttade sig inte i {target}: {total} tryck på {key} stannade på {distinct} "
    "element.",
    "not_closed": "Escape stängde inte {target}.",
    "on": "«{text}»",
    "nowhere": "inget element (sidan själv)",
}
FOCUS_QUESTIONS: Final = {
    "is_focused": "el => el === document.activeElement",
    "holds_focus": "el => el.contains(document.activeElement)",
    # Focus on another element of the page. Not the page itself: a native modal
    # <dialog> lets Tab pass to the browser's own controls (document.body here) and
    # back, which keeps the focus out of the page behind it.
    "on_page_outside": """el => {
      const a = document.activeElement;
      return !!a && a !== document.body && a !== document.documentElement && !el.contains(a);
    }""",
    "focused": "() => document.activeElement",
    "distinct": "elements => new Set(elements).size",
    # Whether el comes before the focused element (then Skift+Tab is the short way to it).
    "before_focus": """el => {
      const a = document.activeElement;
      return !!a && a !== document.body &&
        !!(a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
    }""",
    # The focused element for a failure message: its kind and its label or button text,
    # never a value or a link's text (a patient's name or number).
    "describe": """() => {
      const el = document.activeElement;
      if (!el || el === document.body) return "";
      const label = el.getAttribute("aria-label") || (el.labels && el.labels[0]
        && el.labels[0].textContent) || (el.tagName === "BUTTON" ? el.textContent : "") || "";
      const kind = el.getAttribute("role") || el.tagName.toLowerCase();
      return (kind + " " + label).replace(/\\s+/g, " ").trim().slice(0, 80);
    }""",
}
