"""``python -m mvj_stub serve …`` / ``mvj-stub serve …``: run the stub journal."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from mvj_stub import __version__
from mvj_stub.breaks import BY_NAME, CATALOGUE, SECTION_TITLES, SECTIONS
from mvj_stub.config import StubConfig, is_loopback_host
from mvj_stub.files import PRIVATE_MODE
from mvj_stub.latency import Latency, check_against_pu, parse_latency
from mvj_stub.pki import DEFAULT_PASSPHRASE
from mvj_stub.server import DataDirInUse, RunningStub, start


def _rule(text: str) -> str:
    if text not in BY_NAME:
        raise argparse.ArgumentTypeError(
            f"ingen regel heter {text!r} – se listan med: python -m mvj_stub breaks")
    return text


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 3600:
        raise argparse.ArgumentTypeError("ange ett antal sekunder större än 0")
    return value


def _latency(text: str) -> Latency:
    try:
        return parse_latency(text)
    except ValueError as error:
        # argparse prefixes the option's name itself.
        raise argparse.ArgumentTypeError(str(error).split(": ", 1)[-1]) from None


CONTROL_KEY_ENV = "MVJ_CONTROL_KEY"
PASSPHRASE_ENV = "MVJ_KORT_LOSENORD"  # the test cards' passphrase (default: siths-test)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mvj-stub",
        description="MittVaccin Journal (stubb) – en testjournal med SITHS-testkort.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="starta stubben")
    serve.add_argument("--host", default="127.0.0.1", help="adress (standard 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8443, help="port, 0 = valfri ledig port")
    serve.add_argument("--data-dir", type=Path, default=Path(".stub-data"),
                       help="katalog för PKI, databas och logg (standard .stub-data)")
    serve.add_argument("--db", type=Path, default=None,
                       help="databasfil (standard <data-dir>/journal.db)")
    serve.add_argument("--control", action="store_true", help="slå på kontrollgränssnittet")
    serve.add_argument("--control-key", default=None,
                help=f"nyckel för kontrollgränssnittet (eller {CONTROL_KEY_ENV})")
    serve.add_argument("--allow-remote-control", action="store_true",
                       help="tillåt --control på en adress som inte är loopback "
                            "(då kan andra datorer nå kontrollgränssnittet)")
    serve.add_argument("--json-api", action="store_true",
                       help="inloggning och sökning som JSON-anrop, som en ensidesapp "
                            "(inga personnummer i adresser)")
    serve.add_argument("--ready-file", type=Path, default=None,
                       help="skriv en JSON-fil med adress och kort när stubben är redo")
    serve.add_argument("--provider-type", choices=("region", "privat"), default="region",
                help="vårdgivartyp: region (standard) eller privat")
    serve.add_argument("--pu-timeout", type=_positive_seconds, default=3.0,
                       help="PU-tjänstens svarstid innan journalen ger upp (sekunder, "
                            "standard 3)")
    serve.add_argument("--latency", type=_latency, default=None, metavar="MIN-MAX",
                       help="svara som en riktig journal: varje begäran (också till "
                       "PU-tjänsten) tar slumpvis MIN–MAX millisekunder, t.ex. 50-400; "
                       "standard: svar direkt")
    serve.add_argument("--no-example-data", action="store_true",
                help="starta utan exempelkunder och utan PU-tjänstens testpersoner "
                     "(gäller första starten med en ny datakatalog)")
    serve.add_argument("--break", dest="breaks", action="append", type=_rule, default=[],
                       metavar="REGEL",
                       help="bryt medvetet mot en regel i rutinen, för att visa att sviten "
                            "upptäcker det (kan upprepas; bara på loopback; se "
                            "'breaks' för listan). Aldrig för utbildning.")
    listing = commands.add_parser("breaks", help="lista reglerna som --break kan bryta")
    listing.add_argument("--json", action="store_true", help="som JSON (för verktyg)")
    return parser


def list_breaks(as_json: bool) -> int:
    if as_json:
        print(json.dumps([{"name": entry.name, "section": entry.section, "text": entry.text}
                          for entry in CATALOGUE], ensure_ascii=False, indent=2))
        return 0
    for section in SECTIONS:
        print(SECTION_TITLES.get(section, f"§{section}"))
        for entry in CATALOGUE:
            if entry.section == section:
                print(f"  {entry.name:36} {entry.text}")
    return 0


def banner(stub: RunningStub) -> str:
    pki = stub.pki
    lines = [
        f"MittVaccin Journal (stubb) version {__version__} är igång.",
        f"  Adress:        {stub.url}/",
        f"  Datakatalog:   {stub.config.data_dir.resolve()}",
        f"  Testkort (PKCS#12) i {pki.directory / 'kort'}, lösenord: {_shown(pki.passphrase)}",
    ]
    for key, card in pki.cards.items():
        lines.append(f"    {key:16} {card.name} ({card.hsa_id})  {card.path}")
    lines += [
        "  Importera ett kort i webbläsaren:",
        "    Chromium/Chrome: chrome://certificate-manager → Dina certifikat → Importera,",
        "      välj .p12-filen och ange lösenordet.",
        "    Firefox: Inställningar → Sekretess och säkerhet → Certifikat → Visa certifikat",
        "      → Dina certifikat → Importera.",
        f"  Webbläsaren måste lita på stubbens CA ({pki.ca_cert_path})",
        "    (importera den som betrodd utfärdare) eller godta varningen om certifikatet.",
        f"  PU-tjänsten:   {stub.pu.url} (tidsgräns {stub.config.pu_timeout:g} s)",
        f"  Vårdgivartyp:  {stub.config.provider_type}",
        "  Svarstid:      " + (f"{stub.config.latency} ms per begäran, slumpad (--latency)"
                              if stub.config.latency else "direkt"),
        "  JSON-API:      "
        + ("på (POST /api/logga-in, POST /api/sok)" if stub.config.json_api else "av"),
        "  Kontrollgränssnittet: "
        + ("på (/_kontroll/, rubrik X-Kontroll-Nyckel)" if stub.config.control else "av"),
        f"  Logg: {stub.config.log_path.resolve()}",
        "  Stoppa med Ctrl+C.",
    ]
    if stub.config.breaks:
        lines[1:1] = [
            f"  BRUTEN REGEL (--break {name}): {BY_NAME[name].text}"
            for name in sorted(stub.config.breaks)
        ] + ["  Den här journalen följer INTE rutinen. Använd den aldrig för utbildning."]
    return "\n".join(lines)


def _shown(passphrase: str) -> str:
    """The default passphrase is in the docs; one the starter chose stays theirs."""
    return passphrase if passphrase == DEFAULT_PASSPHRASE else f"det i {PASSPHRASE_ENV}"


def _remote_control_warning(host: str) -> str:
    rule = "!" * 78
    return "\n".join([
        rule,
        f"VARNING: kontrollgränssnittet är påslaget på {host}, som inte är loopback.",
        "VARNING: den som kan nå adressen och känner nyckeln kan ändra journalens data",
        "VARNING: och klocka. Använd bara testdata och ett nätverk du litar på.",
        rule,
    ])


def _write_ready_file(path: Path, info: dict[str, object]) -> None:
    """Atomically, and 0600 from its first byte: it names the cards and the CA."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), PRIVATE_MODE)
        handle.write(json.dumps(info, ensure_ascii=False, indent=2))
    os.replace(tmp, path)


def _control_key(given: str | None) -> str | None:
    """The flag's key, else the environment's."""
    return given or os.environ.get(CONTROL_KEY_ENV) or None


def serve(args: argparse.Namespace) -> int:
    key = _control_key(args.control_key)
    if args.control and not key:
        print(f"Fel: --control kräver en nyckel (--control-key eller {CONTROL_KEY_ENV}).",
              file=sys.stderr)
        return 2
    if args.breaks and not is_loopback_host(args.host):
        print(f"Fel: --break på {args.host}, som inte är loopback, vägras: en journal som "
              "bryter mot rutinen får inte nås från andra datorer.", file=sys.stderr)
        return 2
    if args.latency is not None:
        try:
            check_against_pu(args.latency, args.pu_timeout)
        except ValueError as error:
            print(f"Fel: {error}", file=sys.stderr)
            return 2
    if args.control and not is_loopback_host(args.host):
        if not args.allow_remote_control:
            print(f"Fel: --control på {args.host}, som inte är loopback, vägras: då når andra "
                  "datorer kontrollgränssnittet (lägg till --allow-remote-control om det är "
                  "meningen).", file=sys.stderr)
            return 2
        print(_remote_control_warning(args.host), file=sys.stderr, flush=True)
    config = StubConfig(
        data_dir=args.data_dir,
        host=args.host,
        port=args.port,
        db_path=args.db,
        control=args.control,
        control_key=key,
        allow_remote_control=args.allow_remote_control,
        json_api=args.json_api,
        passphrase=os.environ.get(PASSPHRASE_ENV) or DEFAULT_PASSPHRASE,
        provider_type=args.provider_type,
        pu_timeout=args.pu_timeout,
        example_data=not args.no_example_data,
        breaks=frozenset(args.breaks),
        latency=args.latency,
    )
    stop = threading.Event()

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    try:
        stub = start(config)
    except DataDirInUse as error:
        # Two stubs on one data directory would share its data and its sessions.
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Fel: kunde inte starta stubben på {args.host}:{args.port}: {error}",
              file=sys.stderr)
        return 1
    try:
        print(banner(stub), flush=True)
        if args.ready_file is not None:
            _write_ready_file(args.ready_file, stub.ready_info())
        while not stop.wait(0.5):
            pass
    finally:
        stub.stop()
        print("MittVaccin Journal (stubb) har stoppats.", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "breaks":
        return list_breaks(args.json)
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
