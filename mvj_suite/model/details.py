"""What a customer dialog holds and the Kundkort shows: the suite's model of one
customer's details, and the keys and words that name its fields.

A leaf: the people of ``testdata`` and ``customers`` are built on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

# The dialogs' text fields by the suite's keys (``CustomerDetails``' fields), in order, and
# the journal's Swedish names for them, which the stub's control interface speaks
# (docs/stubben.md).
CONTROL_KEYS = {
    "first_name": "fornamn", "last_name": "efternamn", "street_address": "utdelningsadress",
    "postcode": "postnummer", "city": "ort", "mobile": "mobiltelefon", "email": "epost",
}  # fmt: skip
TEXT_FIELDS = tuple(CONTROL_KEYS)
# The words feature files use for a field -> its key.
FIELD_WORDS = {
    "förnamn": "first_name",
    "efternamn": "last_name",
    "utdelningsadress": "street_address",
    "postnummer": "postcode",
    "ort": "city",
    "mobiltelefon": "mobile",
    "e-post": "email",
    "födelsedatum": "birth_date",
    "kön": "sex",
}


@dataclass(frozen=True)
class CustomerDetails:
    """What a customer dialog holds and the Kundkort shows, field by field."""

    first_name: str = ""
    last_name: str = ""
    street_address: str = ""
    postcode: str = ""
    city: str = ""
    mobile: str = ""
    email: str = ""
    contact_route: str = "Båda"  # the journal's default
    consent: bool = False
    birth_date: str = ""  # only the reservnummer dialog asks for these two
    sex: str = ""
    # Fields nobody knows: a live profile leaves them out. Never asserted, neither as
    # empty nor as anything else (docs/testdataprofil.md).
    unknown: frozenset[str] = frozenset()
    # Where the known values came from when a test profile gave them ("kunder[2]"): a
    # difference on the page is then the profile's, not the routine's (PROFILE_KEYS).
    origin: str = ""
    from_profile: frozenset[str] = frozenset()

    def text_values(self) -> dict[str, str]:
        """The text fields by key (what is typed into a dialog)."""
        return {key: getattr(self, key) for key in TEXT_FIELDS}

    def control_values(self) -> dict[str, Any]:
        """The fields as the stub's control interface seeds a customer with them."""
        return {
            **{CONTROL_KEYS[key]: value for key, value in self.text_values().items()},
            "kontaktvag": self.contact_route,
            "samtycke": self.consent,
        }

    def known(self, key: str) -> bool:
        return key not in self.unknown

    def updated(self, **changes: Any) -> CustomerDetails:
        """What typing ``changes`` leaves: those fields are known now, and the scenario's."""
        keys = frozenset(changes) - {"unknown", "origin", "from_profile"}
        return replace(
            self,
            **changes,
            unknown=changes.get("unknown", self.unknown - keys),
            from_profile=changes.get("from_profile", self.from_profile - keys),
        )

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def address(self) -> str:
        """As the Kundkort shows it: ``<Utdelningsadress>, <NNN NN> <Ort>``."""
        postcode = postcode_as_saved(self.postcode)
        place = " ".join(part for part in (postcode, self.city) if part)
        return ", ".join(part for part in (self.street_address, place) if part)

    @property
    def personal_values(self) -> list[str]:
        """Every non-empty personal value: what must never show for a protected person."""
        return [value for value in self.text_values().values() if value]


class Described:
    """Someone the Kundkort shows: their name, address and contact data are read from
    ``details`` (``customer.first_name`` is ``customer.details.first_name``), the one
    reading of a person whether the suite made them up or a test profile names them."""

    details: CustomerDetails

    def __getattr__(self, name: str) -> str:
        if name in (*TEXT_FIELDS, "name"):
            return getattr(self.details, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def typed(self) -> CustomerDetails:
        """What the nurse types to add them: known once typed, and the scenario's own."""
        return replace(self.details, unknown=frozenset(), origin="", from_profile=frozenset())


# The profile's keys for the details' fields, for messages that name a profile field.
PROFILE_KEYS = {
    **CONTROL_KEYS, "contact_route": "kontaktvag", "consent": "samtycke",
    "birth_date": "fodelsedatum", "sex": "kon",
}  # fmt: skip
# What a Kundkort shows of a customer besides the number and birth date.
CARD_FIELDS = frozenset((*TEXT_FIELDS, "contact_route", "consent"))


def national_digits(phone: str) -> str:
    """A telephone number's digits in the national form: ``+46 70 …`` → ``070…``."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "0" + digits[2:] if digits.startswith("46") else digits


def is_mobile(text: str) -> bool:
    """A Swedish mobile number in any notation (070…, +46 70 …): searchable as one."""
    digits = national_digits(text)
    return len(digits) == 10 and digits.startswith("07")


def postcode_as_saved(text: str) -> str:
    """Five digits are stored as ``NNN NN``; anything else is left as it is."""
    digits = text.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if re.fullmatch(r"\d{5}", digits) else text
