"""The stub's own test PKI: a SITHS test CA, a server certificate and SITHS test cards.

Made on first start in ``<data-dir>/pki/`` and reused afterwards. Everything
here is test material for a loopback server: keys are stored unencrypted,
the cards (PKCS#12) carry one shared passphrase. EC P-256 keys keep it fast.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from mvj_stub.files import PRIVATE_MODE, restrict

DEFAULT_PASSPHRASE = "siths-test"
SITHS_CA_NAME = "SITHS e-id Person TEST CA v1 (MVJ-stubb)"
FOREIGN_CA_NAME = "Främmande TEST CA (MVJ-stubb)"
MANIFEST_NAME = "kort.json"
_ORGANISATION = "MittVaccin Journal stubb TEST"


@dataclass(frozen=True)
class CardSpec:
    key: str  # file stem and ready-file key
    given_name: str
    surname: str
    hsa_id: str
    issuer: str  # "siths" | "frammande"
    expired: bool = False
    granted: bool = True  # seeded into the journal's access table

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.surname}"


CARD_SPECS: tuple[CardSpec, ...] = (
    CardSpec("sjukskoterska", "Sara", "Sjöberg", "SE2321000016-SJS1", "siths"),
    CardSpec("sjukskoterska2", "Per", "Persson", "SE2321000016-SJS2", "siths"),
    CardSpec(
        "utan-behorighet", "Olof", "Obehörig", "SE2321000016-OBH1", "siths", granted=False
    ),
    CardSpec("utgangen", "Ulla", "Utgången", "SE2321000016-UTG1", "siths", expired=True),
    CardSpec("fel-utfardare", "Frida", "Främling", "SE2321000016-FRM1", "frammande"),
)

GRANTED_HSA_IDS: tuple[str, ...] = tuple(spec.hsa_id for spec in CARD_SPECS if spec.granted)


@dataclass(frozen=True)
class Card:
    key: str
    name: str
    given_name: str
    surname: str
    hsa_id: str
    path: Path  # PKCS#12 file
    issuer: str
    not_after: str  # ISO date


@dataclass(frozen=True)
class Pki:
    directory: Path
    ca_cert_path: Path  # SITHS test CA; also the server certificate's issuer
    foreign_ca_cert_path: Path
    server_cert_path: Path
    server_key_path: Path
    passphrase: str
    cards: dict[str, Card]

    def ca_certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.ca_cert_path.read_bytes())

    def ready_cards(self) -> dict[str, dict[str, str]]:
        return {
            key: {"path": str(card.path), "hsa_id": card.hsa_id, "name": card.name}
            for key, card in self.cards.items()
        }


def ensure_pki(directory: Path, passphrase: str = DEFAULT_PASSPHRASE) -> Pki:
    """Load the PKI in ``directory``, creating it when missing or incomplete.

    A different passphrase than last time re-exports the card files only.
    """
    directory = directory.resolve()
    manifest_path = directory / MANIFEST_NAME
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            pki = _from_manifest(directory, manifest)
        except (OSError, ValueError, KeyError):
            pki = None
        if pki is not None and _complete(pki):
            # A PKI from an older stub may have readable keys: tighten them first.
            for path in _private_files(pki):
                restrict(path)
            if manifest.get("losenord") != passphrase:
                _reexport_cards(pki, passphrase)
                pki = _from_manifest(directory, {**manifest, "losenord": passphrase})
                _write_manifest(pki)
            return pki
    return _create(directory, passphrase)


def _complete(pki: Pki) -> bool:
    paths = [pki.ca_cert_path, pki.foreign_ca_cert_path, pki.server_cert_path,
             pki.server_key_path]
    paths += [card.path for card in pki.cards.values()]
    paths += [_card_key_path(card.path) for card in pki.cards.values()]
    return all(path.exists() for path in paths) and set(pki.cards) == {
        spec.key for spec in CARD_SPECS
    }


def _private_files(pki: Pki) -> list[Path]:
    """Private keys, the cards (key inside) and the manifest (it names the passphrase)."""
    paths = [pki.directory / "ca.nyckel.pem", pki.directory / "frammande-ca.nyckel.pem",
             pki.server_key_path, pki.directory / MANIFEST_NAME]
    for card in pki.cards.values():
        paths += [card.path, _card_key_path(card.path)]
    return paths


def _card_key_path(p12: Path) -> Path:
    return p12.with_suffix(".nyckel.pem")


def _card_cert_path(p12: Path) -> Path:
    return p12.with_suffix(".pem")


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes, private: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    # A private file is 0600 from its first byte (not written, then chmod-ed); fchmod
    # also tightens a temporary file an interrupted run left behind.
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                         PRIVATE_MODE if private else 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        if private:
            os.fchmod(handle.fileno(), PRIVATE_MODE)
        handle.write(data)
    os.replace(tmp, path)


def _make_ca(common_name: str, now: datetime) -> tuple[ec.EllipticCurvePrivateKey,
                                                       x509.Certificate]:
    key = _new_key()
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORGANISATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _issue(
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    not_before: datetime,
    not_after: datetime,
    usage: ExtendedKeyUsageOID | Any,
    san: x509.SubjectAlternativeName | None = None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    if san is not None:
        builder = builder.add_extension(san, critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def _create(directory: Path, passphrase: str) -> Pki:
    now = datetime.now(UTC)
    directory.mkdir(parents=True, exist_ok=True)
    cas = {
        "siths": _make_ca(SITHS_CA_NAME, now),
        "frammande": _make_ca(FOREIGN_CA_NAME, now),
    }
    _write(directory / "ca.pem", cas["siths"][1].public_bytes(serialization.Encoding.PEM))
    _write(directory / "ca.nyckel.pem", _key_pem(cas["siths"][0]), private=True)
    _write(directory / "frammande-ca.pem",
           cas["frammande"][1].public_bytes(serialization.Encoding.PEM))
    _write(directory / "frammande-ca.nyckel.pem", _key_pem(cas["frammande"][0]), private=True)

    server_key = _new_key()
    server_cert = _issue(
        *cas["siths"],
        subject=x509.Name([
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
        ]),
        key=server_key,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=3000),
        usage=ExtendedKeyUsageOID.SERVER_AUTH,
        san=x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
            x509.DNSName("localhost"),
        ]),
    )
    _write(directory / "server.pem", server_cert.public_bytes(serialization.Encoding.PEM))
    _write(directory / "server.nyckel.pem", _key_pem(server_key), private=True)

    cards: dict[str, Card] = {}
    for spec in CARD_SPECS:
        key = _new_key()
        if spec.expired:
            not_before, not_after = now - timedelta(days=400), now - timedelta(days=1)
        else:
            not_before, not_after = now - timedelta(days=1), now + timedelta(days=3000)
        subject = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORGANISATION),
            x509.NameAttribute(NameOID.GIVEN_NAME, spec.given_name),
            x509.NameAttribute(NameOID.SURNAME, spec.surname),
            x509.NameAttribute(NameOID.COMMON_NAME, spec.name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, spec.hsa_id),
        ])
        cert = _issue(*cas[spec.issuer], subject=subject, key=key, not_before=not_before,
                      not_after=not_after, usage=ExtendedKeyUsageOID.CLIENT_AUTH)
        p12 = directory / "kort" / f"{spec.key}.p12"
        _write(_card_cert_path(p12), cert.public_bytes(serialization.Encoding.PEM))
        _write(_card_key_path(p12), _key_pem(key), private=True)
        _write(p12, _p12(spec, key, cert, cas[spec.issuer][1], passphrase), private=True)
        cards[spec.key] = Card(spec.key, spec.name, spec.given_name, spec.surname, spec.hsa_id,
                               p12, spec.issuer, not_after.date().isoformat())
    pki = Pki(directory, directory / "ca.pem", directory / "frammande-ca.pem",
              directory / "server.pem", directory / "server.nyckel.pem", passphrase, cards)
    _write_manifest(pki)
    return pki


def _p12(spec: CardSpec, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate,
         ca: x509.Certificate, passphrase: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        spec.name.encode("utf-8"), key, cert, [ca],
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def _reexport_cards(pki: Pki, passphrase: str) -> None:
    cas = {
        "siths": x509.load_pem_x509_certificate(pki.ca_cert_path.read_bytes()),
        "frammande": x509.load_pem_x509_certificate(pki.foreign_ca_cert_path.read_bytes()),
    }
    for spec in CARD_SPECS:
        card = pki.cards[spec.key]
        key = serialization.load_pem_private_key(_card_key_path(card.path).read_bytes(), None)
        cert = x509.load_pem_x509_certificate(_card_cert_path(card.path).read_bytes())
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        _write(card.path, _p12(spec, key, cert, cas[spec.issuer], passphrase), private=True)


def _write_manifest(pki: Pki) -> None:
    manifest = {
        "losenord": pki.passphrase,
        "ca_cert": str(pki.ca_cert_path),
        "frammande_ca_cert": str(pki.foreign_ca_cert_path),
        "server_cert": str(pki.server_cert_path),
        "server_nyckel": str(pki.server_key_path),
        "kort": {
            key: {
                "fil": str(card.path),
                "hsa_id": card.hsa_id,
                "namn": card.name,
                "fornamn": card.given_name,
                "efternamn": card.surname,
                "utfardare": card.issuer,
                "giltigt_till": card.not_after,
            }
            for key, card in pki.cards.items()
        },
    }
    _write(pki.directory / MANIFEST_NAME,
           json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"), private=True)


def _from_manifest(directory: Path, manifest: dict[str, Any]) -> Pki:
    cards = {
        key: Card(key, entry["namn"], entry["fornamn"], entry["efternamn"], entry["hsa_id"],
                  directory / "kort" / f"{key}.p12", entry["utfardare"], entry["giltigt_till"])
        for key, entry in manifest["kort"].items()
    }
    # Paths are re-derived from ``directory`` so a moved data directory still works.
    return Pki(directory, directory / "ca.pem", directory / "frammande-ca.pem",
               directory / "server.pem", directory / "server.nyckel.pem",
               str(manifest["losenord"]), cards)
