"""Fictional persons PU-tjänsten starts with on first start (for training and exploration).

Numbers: Skatteverket's test personnummer 191212121212 and 201701012393, its
samordningsnummer example 197010632391, and generated Luhn-valid numbers.
Phones only in PTS' fictional range 070-1740605…699, e-mail under example.se.
Documented in docs/pu-tjansten.md — keep the two in step.
"""

from __future__ import annotations

from typing import Any

DEFAULT_PERSONS: list[dict[str, Any]] = [
    {
        # Shares both mobile and e-mail.
        "nummer": "191212121212",
        "fornamn": "Tolvan",
        "efternamn": "Tolvansson",
        "utdelningsadress": "Provgatan 12",
        "postnummer": "123 45",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740605",
        "epost": "tolvan.tolvansson@example.se",
        "delar_mobil": True,
        "delar_epost": True,
    },
    {
        # Shares only the mobile number (e-mail registered but not shared).
        "nummer": "201701012393",
        "fornamn": "Elis",
        "efternamn": "Ekström",
        "utdelningsadress": "Björkvägen 3",
        "postnummer": "234 56",
        "ort": "Provköping",
        "mobiltelefon": "070-1740606",
        "epost": "elis.ekstrom@example.se",
        "delar_mobil": True,
    },
    {
        # Shares only the e-mail address (mobile registered but not shared).
        "nummer": "198503152426",
        "fornamn": "Karin",
        "efternamn": "Lindqvist",
        "utdelningsadress": "Ekstigen 7 lgh 1102",
        "postnummer": "345 67",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740607",
        "epost": "karin.lindqvist@example.se",
        "delar_epost": True,
    },
    {
        # Shares only the mobile number; also a customer in the journal's example data.
        "nummer": "194508121235",
        "fornamn": "Anders",
        "efternamn": "Lindqvist",
        "utdelningsadress": "Ekstigen 7 lgh 1102",
        "postnummer": "345 67",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740614",
        "delar_mobil": True,
    },
    {
        # Shares nothing (both registered in 1177); address with care-of.
        "nummer": "196207043156",
        "fornamn": "Bengt",
        "efternamn": "Åberg",
        "care_of": "c/o Andersson",
        "utdelningsadress": "Lönngatan 21",
        "postnummer": "456 78",
        "ort": "Provköping",
        "mobiltelefon": "070-1740608",
        "epost": "bengt.aberg@example.se",
    },
    {
        # Sekretessmarkering: the client must answer Protected, nothing else.
        "nummer": "197811221824",
        "fornamn": "Linnea",
        "efternamn": "Holm",
        "utdelningsadress": "Hemliga gränd 4",
        "postnummer": "567 89",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740609",
        "epost": "linnea.holm@example.se",
        "delar_mobil": True,
        "delar_epost": True,
        "sekretessmarkering": True,
    },
    {
        # Skyddad folkbokföring.
        "nummer": "199009094575",
        "fornamn": "Oskar",
        "efternamn": "Berg",
        "utdelningsadress": "Dolda vägen 9",
        "postnummer": "678 90",
        "ort": "Provköping",
        "mobiltelefon": "070-1740610",
        "epost": "oskar.berg@example.se",
        "delar_mobil": True,
        "delar_epost": True,
        "skyddad_folkbokforing": True,
    },
    {
        # Samordningsnummer (born 1970-10-03), no folkbokföringsadress: postnummer "0".
        "nummer": "197010632391",
        "fornamn": "Piotr",
        "efternamn": "Nowak",
        "mobiltelefon": "070-1740611",
        "delar_mobil": True,
    },
    {
        # Deceased (avregistrerad, orsak AV).
        "nummer": "193001011042",
        "fornamn": "Greta",
        "efternamn": "Gustavsson",
        "utdelningsadress": "Lindallén 2",
        "postnummer": "789 01",
        "ort": "Exempelby",
        "avliden": True,
    },
    {
        # Every lookup is a fault (HTTP 500).
        "nummer": "197505052626",
        "fornamn": "Frida",
        "efternamn": "Falk",
        "utdelningsadress": "Felvägen 5",
        "postnummer": "890 12",
        "ort": "Provköping",
        "svar": "fel",
    },
    {
        # Every lookup answers too late for the journal.
        "nummer": "198808085719",
        "fornamn": "Leo",
        "efternamn": "Lindgren",
        "utdelningsadress": "Sniglegatan 8",
        "postnummer": "901 23",
        "ort": "Exempelby",
        "mobiltelefon": "070-1740612",
        "delar_mobil": True,
        "svar": "langsam",
    },
    {
        # In the register, but PU answers "not found" (empty answer).
        "nummer": "199512203911",
        "fornamn": "Nils",
        "efternamn": "Nilsson",
        "svar": "saknas",
    },
]
