"""Artefacts without personal data or secrets, for runs against a real journal.

A live journal shows real patients. So on ``--target live``:

- every screenshot the suite takes is masked: the page objects declare where
  personal data can appear (``personal_data()``: role/label locators), and
  :func:`screenshot` paints those regions over;
- video and Playwright traces are off unless the tester asks for them with
  ``--live-artifacts`` (a video cannot be masked, a trace holds the DOM);
  pytest-playwright's own ``--video``/``--tracing``/``--screenshot`` are refused
  without it, with one line;
- traces that are kept (any target) are scrubbed: known secret values, the
  cookie/authorization headers (session tokens) and the cookies that API calls
  such as ``context.cookies()`` returned are replaced before the file is
  attached anywhere;
- Allure results carry only the Gherkin arguments of each step, with identity
  numbers masked (``mvj_suite.core.allure_privacy``).

A Playwright trace does not record ``client_certificates`` (checked with
1.65: the trace's context options hold only base URL and viewport), but the
passphrase, the control secret and session cookies are scrubbed anyway, in
case a page, a URL or a log line ever carries them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from mvj_suite.core.settings import Settings
from pages.customer_card import CustomerCard
from pages.customer_dialog import AddCustomerDialog, EditCustomerDialog, ReserveDialog
from pages.search import SearchPage
from pages.shell import AppShell

MASK_COLOR = "#000000"

REDACTED = "[borttaget]"

# Environment variables whose values must never reach a report, a log or a trace.
SECRET_ENV_VARS = (
    "MVJ_SITHS_PASSPHRASE", "MVJ_CONTROL_KEY", "MVJ_KORT_LOSENORD",
)  # fmt: skip

SENSITIVE_HEADERS = frozenset(
    {"cookie", "set-cookie", "authorization", "proxy-authorization", "x-kontroll-nyckel"}
)

_MIN_SECRET_LENGTH = 4  # shorter values would scrub ordinary words


def personal_data_masks(page: Page) -> list[Locator]:
    """Every locator that can show personal data on ``page``, from every page object.

    Locators that match nothing on the current screen cost nothing: Playwright
    masks what is there when the screenshot is taken.
    """
    screens = (AppShell, SearchPage, CustomerCard, AddCustomerDialog, ReserveDialog,
               EditCustomerDialog)  # fmt: skip
    return [mask for screen in screens for mask in screen(page).personal_data()]


def artefacts_allowed(settings: Settings | None) -> bool:
    """Video and traces: always on the stub, on live only with --live-artifacts."""
    return settings is None or not settings.is_live or settings.live_artifacts


def screenshot(page: Page, masked: bool, **options: Any) -> bytes:
    """``page.screenshot(**options)``, masked where personal data can show (a live journal)."""
    if masked:
        options = {**options, "mask": personal_data_masks(page), "mask_color": MASK_COLOR}
    return page.screenshot(**options)


_UNMASKED_OPTIONS = (
    ("--video", "off", "video"),
    ("--tracing", "off", "spår (trace)"),
    ("--screenshot", "off", "omaskerade skärmbilder"),
)


def unmasked_artefact_refusal(settings: Settings | None, option: Callable[[str], Any]) -> str:
    """The one-line refusal for pytest-playwright's artefact options on live, or ''."""
    if artefacts_allowed(settings):
        return ""
    for name, off, what in _UNMASKED_OPTIONS:
        value = option(name)
        if value is not None and value != off:
            return (
                f"{name} {value} mot en riktig journal ger {what} med personuppgifter – "
                "lägg till --live-artifacts om det verkligen är avsett."
            )
    return ""


def known_secrets(
    values: Iterable[str | None] = (), env: Mapping[str, str] | None = None
) -> list[str]:
    """The secret values to scrub: ``values`` plus the secret environment variables."""
    env = os.environ if env is None else env
    found = [*values, *(env.get(name) for name in SECRET_ENV_VARS)]
    unique = {value for value in found if value and len(value) >= _MIN_SECRET_LENGTH}
    # Longest first (no partial leftovers), then by text: the same order every run.
    return sorted(unique, key=lambda value: (-len(value), value))


def _scrub_json(value: Any) -> Any:
    """Every cookie value and sensitive header anywhere in a trace event: a network entry's
    request and response, an API call's params or result (``context.cookies()``,
    ``add_cookies``, ``storage_state``). A session token is a key to the journal."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("cookies", "headers") and isinstance(item, list):
                for entry in item:
                    if not isinstance(entry, dict) or "value" not in entry:
                        continue
                    if key == "cookies" or str(entry.get("name", "")).lower() in SENSITIVE_HEADERS:
                        entry["value"] = REDACTED
            else:
                _scrub_json(item)
    elif isinstance(value, list):
        for item in value:
            _scrub_json(item)
    return value


def _scrub_trace_member(name: str, data: bytes, secrets: list[str]) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # screenshots and fonts: rewriting bytes would only corrupt them
    if name.endswith((".network", ".trace")):
        lines = []
        for line in text.splitlines():
            try:
                lines.append(json.dumps(_scrub_json(json.loads(line))))
            except ValueError:
                lines.append(line)
        text = "\n".join(lines) + ("\n" if text.endswith("\n") else "")
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text.encode("utf-8")


def scrub_trace(path: Path, secrets: Iterable[str]) -> None:
    """Rewrite a Playwright trace zip without secret values and session cookies."""
    secret_list = [s for s in secrets if s]
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".zip", delete=False) as handle:
        scrubbed = Path(handle.name)
    try:
        with (
            zipfile.ZipFile(path) as source,
            zipfile.ZipFile(scrubbed, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                data = _scrub_trace_member(info.filename, source.read(info), secret_list)
                target.writestr(info.filename, data)
        shutil.move(scrubbed, path)
    finally:
        scrubbed.unlink(missing_ok=True)
