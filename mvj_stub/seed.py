"""The journal's example customers, added on the first start of a fresh data directory.

For training and exploration (``--no-example-data`` starts empty). Written as
control-interface CUSTOMER objects, so the same data can be described in a
test profile and is validated by the same rules as ``POST /_kontroll/kunder``.

Kept consistent with PU-tjänsten's default persons (``mvj_stub/pu/seed.py``):
customers with a personnummer exist in PU too; the samordningsnummer customer
and the reservnummer customer do not (their data was typed by hand). Several
PU persons are deliberately *not* customers yet, so that they can be added
with `Hämta från PU-tjänsten`. Listed in docs/stubben.md — keep the two in step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mvj_stub.store import Store
from mvj_stub.validation import parse_customer

DEFAULT_CUSTOMERS: list[dict[str, Any]] = [
    {
        # Skatteverket's test person; in PU with the same data (shares both).
        "nummer": "19121212-1212",
        "fornamn": "Tolvan",
        "efternamn": "Tolvansson",
        "utdelningsadress": "Provgatan 12",
        "postnummer": "123 45",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740605",
        "epost": "tolvan.tolvansson@example.se",
        "kontaktvag": "Båda",
        "samtycke": False,
    },
    {
        # In PU (shares only e-mail); the mobile number was typed by hand.
        "nummer": "19850315-2426",
        "fornamn": "Karin",
        "efternamn": "Lindqvist",
        "utdelningsadress": "Ekstigen 7 lgh 1102",
        "postnummer": "345 67",
        "ort": "Exempelby",
        "mobiltelefon": "070-174 06 07",
        "epost": "karin.lindqvist@example.se",
        "kontaktvag": "E-post",
        "samtycke": False,
    },
    {
        # In PU (shares only the mobile); same surname as Karin: a name search finds two.
        "nummer": "19450812-1235",
        "fornamn": "Anders",
        "efternamn": "Lindqvist",
        "utdelningsadress": "Ekstigen 7 lgh 1102",
        "postnummer": "345 67",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740614",
        "kontaktvag": "SMS",
        "samtycke": False,
    },
    {
        # In PU (shares both); å, ä and ö in the name, for the search rules on them.
        "nummer": "19760918-9845",
        "fornamn": "Märta",
        "efternamn": "Åkesson-Öhrn",
        "utdelningsadress": "Älvstranden 14",
        "postnummer": "543 21",
        "ort": "Provköping",
        "mobiltelefon": "070-1740632",
        "epost": "marta.akesson-ohrn@example.se",
        "kontaktvag": "Båda",
        "samtycke": False,
    },
    {
        # Samordningsnummer (born 1992-04-18) that PU does not know: typed by hand.
        "nummer": "19920478-2347",
        "fornamn": "Amira",
        "efternamn": "Haddad",
        "utdelningsadress": "Gästgatan 3",
        "postnummer": "456 12",
        "ort": "Provköping",
        "mobiltelefon": "070-1740615",
        "epost": "amira.haddad@example.se",
        "kontaktvag": "Båda",
        "samtycke": False,
    },
    {
        # Reservnummer (Inera's Region Stockholm example), birth date known, no address.
        "nummer": "991981000010",
        "fodelsedatum": "1981-06-14",
        "kon": "Man",
        "fornamn": "Mateo",
        "efternamn": "Rossi",
        "mobiltelefon": "070-1740613",
        "kontaktvag": "SMS",
        "samtycke": False,
    },
    {
        # As real test environments have them: a three-letter first name with å and ö
        # in both names. In PU (shares both).
        "nummer": "19610423-9824",
        "fornamn": "Åsa",
        "efternamn": "Ölund",
        "utdelningsadress": "Hamngatan 4",
        "postnummer": "211 22",
        "ort": "Provköping",
        "mobiltelefon": "070-1740633",
        "epost": "asa.olund@example.se",
        "kontaktvag": "Båda",
        "samtycke": False,
    },
    {
        # Three letters, and a two-letter surname: neither can be searched on its own.
        # In PU (shares only the mobile).
        "nummer": "19550618-9843",
        "fornamn": "Eva",
        "efternamn": "Ek",
        "utdelningsadress": "Byvägen 2",
        "postnummer": "311 44",
        "ort": "Testberga",
        "mobiltelefon": "070-1740634",
        "kontaktvag": "SMS",
        "samtycke": False,
    },
    {
        # Reservnummer with a stored address (the first one has none).
        "nummer": "991990000274",
        "fodelsedatum": "1990-02-11",
        "kon": "Kvinna",
        "fornamn": "Li",
        "efternamn": "Wu",
        "utdelningsadress": "Hamngatan 4",
        "postnummer": "211 22",
        "ort": "Provköping",
        "mobiltelefon": "070-1740635",
        "kontaktvag": "SMS",
        "samtycke": False,
    },
    {
        # Sekretessmarkering in PU: the journal holds the number and the mark only.
        "nummer": "19781122-1824",
        "skyddad": True,
    },
]


def seed_journal(store: Store, today: date, now: float) -> int:
    """Add ``DEFAULT_CUSTOMERS`` (all or nothing); returns how many were added."""
    customers = [parse_customer(item, today) for item in DEFAULT_CUSTOMERS]
    return len(store.add_customers(customers, now))
