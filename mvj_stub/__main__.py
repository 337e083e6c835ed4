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
from mvj_stub.config import StubConfig, is_loopback_host
from mvj_stub.pki import DEFAULT_PASSPHRASE
from mvj_stub.server import DataDirInUse, RunningStub, start


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 3600:
        raise argparse.ArgumentTypeError("ange ett antal sekunder större än 0")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mvj-stub",
        description="MittVaccin Journal (stubb) – en testjournal med SITHS-testkort.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="kommando", required=True)
    serve = commands.add_parser("serve", help="starta stubben")
    serve.add_argument("--host", default="127.0.0.1", help="adress (standard 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8443, help="port, 0 = valfri ledig port")
    serve.add_argument("--data-dir", type=Path, default=Path(".stub-data"),
                       help="katalog för PKI, databas och logg (standard .stub-data)")
    serve.add_argument("--db", type=Path, default=None,
                       help="databasfil (standard <data-dir>/journal.db)")
    serve.add_argument("--kontroll", action="store_true", help="slå på kontrollgränssnittet")
    serve.add_argument("--kontroll-nyckel", default=None,
                       help="nyckel för kontrollgränssnittet (eller MVJ_KONTROLL_NYCKEL)")
    serve.add_argument("--allow-remote-control", action="store_true",
                       help="tillåt --kontroll på en adress som inte är loopback "
                            "(då kan andra datorer nå kontrollgränssnittet)")
    serve.add_argument("--json-api", action="store_true",
                       help="inloggning och sökning som JSON-anrop, som en ensidesapp "
                            "(inga personnummer i adresser)")
    serve.add_argument("--ready-file", type=Path, default=None,
                       help="skriv en JSON-fil med adress och kort när stubben är redo")
    serve.add_argument("--vardgivartyp", choices=("region", "privat"), default="region")
    serve.add_argument("--pu-timeout", type=_positive_seconds, default=3.0,
                       help="PU-tjänstens svarstid innan journalen ger upp (sekunder, "
                            "standard 3)")
    serve.add_argument("--utan-exempeldata", action="store_true",
                       help="starta utan exempelkunder och utan PU-tjänstens testpersoner "
                            "(gäller första starten med en ny datakatalog)")
    return parser


def banner(stub: RunningStub) -> str:
    pki = stub.pki
    lines = [
        f"MittVaccin Journal (stubb) version {__version__} är igång.",
        f"  Adress:        {stub.url}/",
        f"  Datakatalog:   {stub.config.data_dir.resolve()}",
        f"  Testkort (PKCS#12) i {pki.directory / 'kort'}, lösenord: {pki.passphrase}",
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
        f"  Vårdgivartyp:  {stub.config.vardgivartyp}",
        "  JSON-API:      "
        + ("på (POST /api/logga-in, POST /api/sok)" if stub.config.json_api else "av"),
        "  Kontrollgränssnittet: "
        + ("på (/_kontroll/, rubrik X-Kontroll-Nyckel)" if stub.config.kontroll else "av"),
        f"  Logg: {stub.config.log_path.resolve()}",
        "  Stoppa med Ctrl+C.",
    ]
    return "\n".join(lines)


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
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def serve(args: argparse.Namespace) -> int:
    key = args.kontroll_nyckel or os.environ.get("MVJ_KONTROLL_NYCKEL") or None
    if args.kontroll and not key:
        print("Fel: --kontroll kräver en nyckel (--kontroll-nyckel eller "
              "MVJ_KONTROLL_NYCKEL).", file=sys.stderr)
        return 2
    if args.kontroll and not is_loopback_host(args.host):
        if not args.allow_remote_control:
            print(f"Fel: --kontroll på {args.host}, som inte är loopback, vägras: då når andra "
                  "datorer kontrollgränssnittet (lägg till --allow-remote-control om det är "
                  "meningen).", file=sys.stderr)
            return 2
        print(_remote_control_warning(args.host), file=sys.stderr, flush=True)
    config = StubConfig(
        data_dir=args.data_dir,
        host=args.host,
        port=args.port,
        db_path=args.db,
        kontroll=args.kontroll,
        kontroll_nyckel=key,
        allow_remote_control=args.allow_remote_control,
        json_api=args.json_api,
        passphrase=os.environ.get("MVJ_KORT_LOSENORD") or DEFAULT_PASSPHRASE,
        vardgivartyp=args.vardgivartyp,
        pu_timeout=args.pu_timeout,
        exempeldata=not args.utan_exempeldata,
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
    if args.kommando == "serve":
        return serve(args)
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
