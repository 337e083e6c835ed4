"""The suite's one configuration object: what a run is pointed at.

Built once per session from command-line options and the environment
(``mvj_suite.core.settings_plugin``); every fixture and plugin reads it instead of
looking at options or variables itself. A bad configuration is a
``ConfigurationError`` with one Swedish line; the plugin turns it into exit
code 4, never a traceback.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from mvj_suite.model.accessibility import DEFAULT_TAGS, SCAN_MODES, parse_tags

TARGETS = ("stub", "live")

CONFIG_ERROR_EXIT = 4
ROOT = Path(__file__).resolve().parents[2]  # the project
REPORTS = ROOT / "reports"


class ConfigurationError(Exception):
    """A configuration the suite cannot run with; the message is one Swedish line."""


@dataclass(frozen=True)
class Settings:
    target: str  # "stub" (bundled stub per worker) or "live" (a real journal)
    base_url: str | None  # only for live; the stub's URL comes from its ready file
    reports_dir: Path
    artefacts_dir: Path
    # --- a live target (docs: README "Köra mot en riktig journal") ---
    siths_card: Path | None = None  # PKCS#12 file of the logged-in user's SITHS card
    siths_passphrase: str | None = field(default=None, repr=False)  # only from the env
    ca_cert: Path | None = None  # trust for the journal's server certificate (else system)
    test_data: Path | None = None  # YAML test-data profile (mvj_suite/model/profile.py)
    allow_writes: bool = False  # @skriver scenarios may run on live
    real_time: bool = False  # server-side session checks really wait (nightly)
    cdp_url: str | None = None  # attach to a Chromium the tester logged into by hand
    browser_ws_endpoint: str | None = None  # run browsers on a Playwright browser server
    live_artifacts: bool = False  # video/trace on live only when explicitly asked for
    # How the live wire guard sits: "proxy" (every byte through the suite's proxy) or,
    # to measure what the proxy costs, "route" (Playwright's routing, as --cdp-url must):
    # only against a journal on this machine (MVJ_WIRE_GUARD, mvj_suite.cli.benchmark).
    wire_guard: str = "proxy"
    # Rules the bundled stub breaks on purpose (--break, ./mvj mutation); stub only.
    breaks: tuple[str, ...] = ()
    # How slowly the bundled stub answers, "MIN-MAX" milliseconds per request (--latency):
    # a journal at a real one's pace. Stub only: a real journal keeps its own pace.
    latency: str | None = None
    # --- accessibility (docs/tillganglighet.md) ---
    a11y_scan: str = "first"  # first: each view once per run; every; off
    a11y_tags: tuple[str, ...] = DEFAULT_TAGS  # axe-core rule sets (WCAG 2.1 AA)
    a11y_gate: bool = False  # new violations and failed keyboard scenarios block GODKÄND

    @property
    def is_stub(self) -> bool:
        return self.target == "stub"

    @property
    def is_live(self) -> bool:
        return self.target == "live"


def build_settings(options: Mapping[str, object], env: Mapping[str, str]) -> Settings:
    """Settings from option values (None = not given) and the environment. An option wins
    over its variable: ``MVJ_`` and the option's name in capitals (``MVJ_SITHS_CARD``)."""

    def text(key: str) -> str | None:
        return str(options.get(key) or env.get(f"MVJ_{key.upper()}") or "").strip() or None

    def flag(key: str) -> bool:
        return bool(options.get(key)) or env.get(f"MVJ_{key.upper()}", "").strip().lower() in _TRUE

    target = str(options.get("target") or env.get("MVJ_TARGET") or "stub").strip().lower()
    if target not in TARGETS:
        raise ConfigurationError(f"Okänt mål '{target}' – ange --target stub eller --target live.")
    live = target == "live"
    base_url = text("base_url")
    if live:
        if not base_url:
            raise ConfigurationError(
                "Mål live kräver journalens adress – ange --base-url eller MVJ_BASE_URL."
            )
        parts = urlsplit(base_url)
        if parts.scheme != "https" or not parts.hostname:
            raise ConfigurationError(
                f"Journalens adress måste börja med https:// (fick '{base_url}')."
            )
        base_url = base_url.rstrip("/")
    elif base_url:
        raise ConfigurationError(
            "--base-url/MVJ_BASE_URL gäller bara --target live; stubbjournalen får en egen adress."
        )
    raw_breaks = options.get("breaks")
    breaks = tuple(str(name) for name in raw_breaks) if isinstance(raw_breaks, list | tuple) else ()
    if breaks and live:
        raise ConfigurationError(
            "--break gäller bara den medföljande stubbjournalen; en riktig journal bryts "
            "aldrig med flit."
        )
    latency = _latency(text("latency"), live)
    files = {key: text(key) for key in _FILES}
    card = files["siths_card"]
    cdp_url, ws_endpoint = text("cdp_url"), text("browser_ws_endpoint")
    passphrase = env.get("MVJ_SITHS_PASSPHRASE") or None
    if cdp_url and ws_endpoint:
        raise ConfigurationError(
            "--cdp-url och --browser-ws-endpoint går inte att kombinera – välj ett av dem."
        )
    if not live:
        given = [key for key in (*_FILES, "cdp_url") if text(key)]
        if given:
            raise ConfigurationError(
                f"{_option(given[0])}/MVJ_{given[0].upper()} gäller bara --target live; "
                "stubbjournalen har egna kort och data."
            )
    elif not files["test_data"]:
        raise ConfigurationError(
            "Mål live kräver en testdataprofil – ange --test-data eller MVJ_TEST_DATA "
            "(slumpade personnummer kan tillhöra verkliga personer och används aldrig live)."
        )
    elif not card and not cdp_url:
        raise ConfigurationError(
            "Mål live kräver ett SITHS-kort – ange --siths-card eller MVJ_SITHS_CARD "
            "(eller --cdp-url för en webbläsare med kortläsare)."
        )
    elif card and not passphrase:
        raise ConfigurationError(
            "Kortets lösenord saknas – sätt miljövariabeln MVJ_SITHS_PASSPHRASE "
            "(lösenordet tas aldrig som flagga)."
        )
    for key, url in (("cdp_url", cdp_url), ("browser_ws_endpoint", ws_endpoint)):
        if url and not urlsplit(url).scheme:
            raise ConfigurationError(f"{_option(key)} ska vara en adress (fick '{url}').")
    wire_guard = (env.get("MVJ_WIRE_GUARD") or "proxy").strip().lower()
    if wire_guard not in WIRE_GUARDS:
        raise ConfigurationError(f"MVJ_WIRE_GUARD={wire_guard}: ange proxy eller route.")
    if wire_guard == "route" and not (live and _is_loopback(urlsplit(base_url).hostname or "")):
        raise ConfigurationError(
            "MVJ_WIRE_GUARD=route går bara mot en journal på den här datorn (en mätning av "
            "vad skyddsproxyn kostar, mot stubben) – mot en riktig journal går allt genom "
            "proxyn."
        )
    paths = {key: _readable_file(value, key, caller_dir(env)) if value else None
             for key, value in files.items()}  # fmt: skip
    scan_mode = (text("a11y_scan") or "first").lower()
    if scan_mode not in SCAN_MODES:
        raise ConfigurationError(
            f"--a11y-scan {scan_mode}: ange first (varje vy en gång), every (varje gång) eller off."
        )
    try:
        tags = parse_tags(text("a11y_tags"))
    except ValueError as error:
        raise ConfigurationError(str(error)) from None
    gate = flag("a11y_gate")
    if gate and scan_mode == "off":
        # A gate over nothing checked would approve whatever the views look like.
        raise ConfigurationError(
            "--a11y-gate kräver att vyerna granskas – ta bort --a11y-scan off "
            "(eller MVJ_A11Y_SCAN=off)."
        )
    artefacts = text("artifacts_dir")
    return Settings(
        target=target,
        base_url=base_url,
        reports_dir=REPORTS,
        # A run of its own (mvj repeat, two runs at once) keeps its failures apart.
        artefacts_dir=Path(artefacts).resolve() if artefacts else REPORTS / "artefakter",
        **paths,
        siths_passphrase=passphrase if card else None,
        allow_writes=flag("allow_writes"),
        real_time=flag("real_time"),
        cdp_url=cdp_url,
        browser_ws_endpoint=ws_endpoint,
        live_artifacts=flag("live_artifacts"),
        wire_guard=wire_guard,
        breaks=breaks,
        latency=latency,
        a11y_scan=scan_mode,
        a11y_tags=tags,
        a11y_gate=gate,
    )


_TRUE = {"1", "true", "ja", "yes", "on"}
WIRE_GUARDS = ("proxy", "route")
# The files a live target reads, as the errors name them.
_FILES = {
    "siths_card": "SITHS-kortet",
    "ca_cert": "CA-certifikatet",
    "test_data": "Testdataprofilen",
}


_LATENCY = re.compile(r"(\d{1,5})-(\d{1,5})")


def _latency(raw: str | None, live: bool) -> str | None:
    """``MIN-MAX`` as the stub takes it (it checks the rest itself, PU's timeout included)."""
    if raw is None:
        return None
    if live:
        raise ConfigurationError(
            "--latency gäller bara den medföljande stubbjournalen; en riktig journal svarar i "
            "sin egen takt (./mvj live-against-stub --latency gör stubben lika långsam)."
        )
    match = _LATENCY.fullmatch(raw.replace(" ", ""))
    if match is None or int(match.group(1)) > int(match.group(2)):
        raise ConfigurationError(
            f"--latency {raw}: ange svarstiden som MIN-MAX i millisekunder, till exempel 50-400."
        )
    return f"{int(match.group(1))}-{int(match.group(2))}"


def _option(key: str) -> str:
    return "--" + key.replace("_", "-")


def caller_dir(env: Mapping[str, str]) -> Path:
    """Where the user stood: relative paths in options mean that folder.

    ``./mvj`` changes into the project before it starts pytest and passes the
    user's folder on as ``MVJ_CALLER_DIR``; a plain ``pytest`` leaves it unset.
    """
    return Path(env.get("MVJ_CALLER_DIR") or os.getcwd())


def _readable_file(raw: str, key: str, base: Path) -> Path:
    path = base / Path(raw).expanduser()  # an absolute path replaces base
    if not path.is_file():
        raise ConfigurationError(f"{_FILES[key]} {path} finns inte – kontrollera {_option(key)}.")
    if not os.access(path, os.R_OK):
        raise ConfigurationError(
            f"{_FILES[key]} {path} går inte att läsa – kontrollera behörigheten."
        )
    return path.resolve()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
