"""Checking a SITHS card (the TLS client certificate) the way the journal does.

The TLS layer lets every card through that chains to a CA it was told to
accept, and ignores dates, so that a bad card reaches the application and
gets the journal's own message instead of a browser error. The real checks
are here: issued by the SITHS test CA (signature), valid at the stub's time,
an HSA-id in the subject's ``serialNumber``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class CardHolder:
    hsa_id: str
    name: str  # "förnamn efternamn"


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def check_card(der: bytes | None, trusted_ca: x509.Certificate, now: datetime, *,
               check_issuer: bool = True, check_dates: bool = True) -> CardHolder | None:
    """The card holder, or ``None`` for no / unknown-CA / expired / unreadable card.

    ``check_issuer``/``check_dates`` are off only in a stub started to break those rules.
    """
    if not der:
        return None
    try:
        certificate = x509.load_der_x509_certificate(der)
    except ValueError:
        return None
    if check_issuer:
        if certificate.issuer != trusted_ca.subject:
            return None
        try:
            certificate.verify_directly_issued_by(trusted_ca)
        except (ValueError, TypeError, InvalidSignature):
            return None
    valid_now = certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc
    if check_dates and not valid_now:
        return None
    subject = certificate.subject
    hsa_id = _attribute(subject, NameOID.SERIAL_NUMBER)
    if not hsa_id:
        return None
    given = _attribute(subject, NameOID.GIVEN_NAME)
    surname = _attribute(subject, NameOID.SURNAME)
    name = f"{given} {surname}".strip() or _attribute(subject, NameOID.COMMON_NAME)
    return CardHolder(hsa_id, name or hsa_id)
