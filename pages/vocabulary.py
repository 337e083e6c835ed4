"""Every word the page objects look for — the journal's UI contract in one place.

The page objects locate by role plus accessible name, label or visible text,
and all of those texts live here. Pointing the suite at a journal whose
wording differs is a change to this file only. Texts with a placeholder are
templates; page objects fill them with ``.format``.
"""

from __future__ import annotations

from typing import Final

# §1 Login, session and logout
LOGIN_HEADING: Final = "Logga in i MittVaccin Journal"
LOGIN_BUTTON: Final = "Logga in med SITHS-kort"
LOGGED_IN_AS: Final = "Inloggad som {namn} ({hsa_id})"
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
    "födelsedatum": "Födelsedatum",
    "adress": "Adress",
    "mobiltelefon": "Mobiltelefon",
    "e-post": "E-post",
    "kontaktväg": "Kontaktväg",
    "samtycke": "Samtycke till erbjudanden",
}
CONSENT_YES: Final = "Ja"
CONSENT_NO: Final = "Nej"
EDIT_CUSTOMER_BUTTON: Final = "Ändra personuppgifter"
