"""``mvj <command>``: the suite's commands, in English, with Swedish help and messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, MutableMapping, Sequence

from mvj_suite.cli import commands
from mvj_suite.core.output import CommandError, say, warn
from mvj_suite.core.settings import ROOT

Command = Callable[[Sequence[str]], int]

COMMANDS: dict[str, Command] = {
    "setup": commands.setup,
    "suite": commands.suite,
    "test": commands.test,
    "stub": commands.stub,
    "live-against-stub": commands.live_against_stub,
    "walkthrough": commands.walkthrough,
    "report": commands.report,
    "browser-server": commands.browser_server,
    "repeat": commands.repeat,
    "mutation": commands.mutation,
    "profile": commands.profile,
}
USAGE_ERROR = 2

HELP = """\
Användning: ./mvj <kommando> [argument …]

  setup            Installerar allt som behövs (.venv, beroenden, webbläsare). Idempotent.
  suite [pytest …] Kör acceptanssviten mot den medföljande stubbjournalen.
                   Rapporter hamnar i reports/. Exempel: ./mvj suite -m rutin-2.1 -n 2
  test [pytest …]  ruff + projektets egna tester + acceptanssviten + sviten mot stubben
                   som riktig journal (formulär och enkelsida, skrivskyddat och med
                   skrivningar) + tre brutna regler (det CI kör); pytest-flaggorna
                   gäller projektets egna tester.
  stub [flaggor …] Startar stubbjournalen fristående på https://127.0.0.1:8443
                   (data i .stub-data/). Exempel: ./mvj stub --control
  walkthrough [pytest …]
                   Spelar in utbildningsvideor mot stubbjournalen (reports/walkthroughs/):
                   utan urval utbildningsurvalet @utbildning, med --all alla scenarier,
                   annars -m/-k. Tempo: --walkthrough-tempo, --walkthrough-typing,
                   --walkthrough-end-pause. Exempel: ./mvj walkthrough -m rutin-2.1
  live-against-stub [--single-page] [--read-only] [--break REGEL] [--test-data FIL]
                   [--reports MAPP] [pytest …]
                   Kör sviten med --target live mot stubbjournalen startad fristående
                   (utan kontrollgränssnitt) och profiles/stubb.yaml – samma väg som mot
                   en riktig journal, genom skyddsproxyn. Rapporter i
                   reports/live-against-stub/. --single-page: stubben loggar in, söker och
                   loggar ut som en enkelsidesapp; --read-only: utan --allow-writes;
                   --break REGEL: stubben bryter en regel i rutinen; --test-data FIL:
                   en annan profil över stubbens exempeldata (till exempel en gles);
                   --reports MAPP: rapporterna där i stället.
  profile check [--draft] [--against-stub [--test-data FIL]] [alternativ …]
                   Jämför testdataprofilen med journalen före en körning: loggar in en
                   gång, skrivskyddat genom skyddet på tråden, söker upp varje kund och
                   jämför Kundkortet fält för fält, kontrollerar att potternas personer
                   inte är kunder och skriver vad urvalet (-m/-k) saknar för ett fullt
                   godkännande. Samma alternativ som en live-körning (--base-url,
                   --siths-card, --test-data …); skriver inga filer. Slutkod 1 vid en
                   skillnad. --draft: YAML för fält som Kundkortet visar och profilen
                   saknar. --against-stub: mot stubbjournalen som riktig journal.
  report [flaggor …]
                   Bygger Allure-rapporten som en fristående HTML-fil utan analys-
                   skript: reports/allure-rapport/index.html (kräver Node.js 20+ och npm).
  repeat N [pytest …]
                   Kör sviten N gånger i rad (lägg till -n 2 för två arbetare) och skriver en
                   tabell över scenarier som inte godkändes varje gång, med första
                   felet och dess artefakter: reports/upprepning/tabell.md.
                   Exempel: ./mvj repeat 10 -m rutin-2.1
  mutation [--break REGEL …] [-n N]
                   Visar svitens upptäcktsförmåga: för varje regel som stubben kan bryta
                   (--list) körs avsnittets scenarier mot en stubbe som bryter den.
                   Rapport: reports/mutation.html (.md, .json); slutkod 1 om någon
                   bruten regel inte upptäcktes. Exempel: ./mvj mutation --break
                   search-three-characters
  browser-server [flaggor …]
                   Startar en Playwright-webbläsarserver och skriver dess ws://-adress;
                   använd den med ./mvj suite --browser-ws-endpoint <adress>.
  help             Visar den här texten.
"""


def allow_bytecode_caches(env: MutableMapping[str, str]) -> None:
    """Let the commands' Python processes keep compiled modules between runs.

    A run starts many (pytest, its workers, stubs, the project tests' own runs).
    Without ``__pycache__`` each one compiles the project again and pytest rewrites
    every plugin module's asserts again: about 0.7 s per process. Container images
    often set PYTHONDONTWRITEBYTECODE; the caches go to ``__pycache__``, which git
    ignores.
    """
    env.pop("PYTHONDONTWRITEBYTECODE", None)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    name = args.pop(0) if args else "help"
    if name in ("help", "-h", "--help"):
        print(HELP, end="")
        return 0
    command = COMMANDS.get(name)
    allow_bytecode_caches(os.environ)
    if command is None:
        warn(f"okänt kommando: {name} – './mvj help' visar kommandona.")
        return USAGE_ERROR
    # Relative paths in options mean the user's folder (mvj_suite.core.settings reads
    # MVJ_CALLER_DIR); the commands themselves work from the project.
    os.environ.setdefault("MVJ_CALLER_DIR", os.getcwd())
    os.chdir(ROOT)
    try:
        return command(args)
    except CommandError as error:
        warn(str(error))
        return error.code
    except KeyboardInterrupt:
        say("avbrutet.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
