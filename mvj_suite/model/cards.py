"""What a SITHS card file says about its holder: HSA-id, name, validity, issuer.

A SITHS card is a TLS client certificate; the journal takes the HSA-id from
the subject's ``serialNumber`` and the name from ``givenName``/``surname``
(or the CN). The suite reads the same fields from the card file, so a
profile names a card by its file only and the expected texts
(``Behörighet saknas för <HSA-id>.``) come from the card itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


class CardError(ValueError):
    """The file is no card the suite can use; the message is one Swedish line."""


class WrongPassphrase(CardError):
    """The file is a card, but the passphrase does not open it."""


@dataclass(frozen=True)
class CardInfo:
    hsa_id: str
    name: str
    issuer: str
    not_before: datetime
    not_after: datetime

    def expired(self, now: datetime | None = None) -> bool:
        return self.not_after < (now or datetime.now(UTC))

    def not_yet_valid(self, now: datetime | None = None) -> bool:
        return self.not_before > (now or datetime.now(UTC))


def looks_like_pkcs12(data: bytes) -> bool:
    """PFX ::= SEQUENCE { version INTEGER (3), ... } in DER: ``30 <len> 02 01 03``."""
    if len(data) < 8 or data[0] != 0x30:
        return False
    length_octets = data[1] & 0x7F if data[1] & 0x80 else 0
    start = 2 + length_octets
    return data[start : start + 3] == b"\x02\x01\x03"


def read_card(path: Path, passphrase: str) -> CardInfo:
    """Open the PKCS#12 file with ``passphrase`` and read its certificate."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CardError(f"SITHS-kortet {path} går inte att läsa ({error.strerror}).") from None
    if not looks_like_pkcs12(data):
        raise CardError(f"SITHS-kortet {path} är ingen PKCS#12-fil (.p12/.pfx).")
    try:
        _key, certificate, _chain = pkcs12.load_key_and_certificates(data, passphrase.encode())
    except ValueError:
        raise WrongPassphrase(f"Fel lösenord till SITHS-kortet {path}") from None
    if certificate is None:
        raise CardError(f"SITHS-kortet {path} innehåller inget certifikat.")
    subject = certificate.subject
    given = _attribute(subject, NameOID.GIVEN_NAME)
    surname = _attribute(subject, NameOID.SURNAME)
    name = f"{given} {surname}".strip() or _attribute(subject, NameOID.COMMON_NAME)
    return CardInfo(
        hsa_id=_attribute(subject, NameOID.SERIAL_NUMBER),
        name=name,
        issuer=_attribute(certificate.issuer, NameOID.COMMON_NAME),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""
