"""Why a scenario failed: one short Swedish sentence beside the technical message.

A release board reads "Sidan visade inte den väntade texten."; the engineer who
fixes it reads the technical message under it. A failed check of the journal brings
its own sentence (``pages.expect.JournalCheckFailed``) and a timeout is known by its
type (:func:`reason_of`, on the worker, where the exception is); :func:`plain_reason`
maps what is left by its message (a journal that cannot be reached, an assertion in
a step) and lets the suite's own Swedish messages through as they are. :func:`shorten` keeps the
technical message short without cutting a word in half.

Pure text in, text out: the sign-off plugin calls it when a scenario fails, and
the report calls it for an older ``signoff.json`` that has no sentence stored.
"""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from pages.expect import JournalCheckFailed

TECHNICAL_LIMIT = 400  # characters of the technical message kept in the sign-off
PLAIN_LIMIT = 160  # an own Swedish message longer than this is cut (at a word)
ELLIPSIS = "…"

# Prefixes the sign-off plugin puts before a technical message (mvj_suite.signoff.plugin).
SETUP_PREFIX = "vid förberedelse: "
TEARDOWN_PREFIX = "vid avslut: "
FLAKY_PREFIX = "instabilt – godkänt först vid omkörning; första felet: "
SKIPPED_ON_RERUN_PREFIX = "fallerade, hoppades över vid omkörningen; felet: "

# Where Playwright's message stops saying something new: after the locator it
# waits for the same locator again and then prints the page's accessibility tree,
# which the screenshot shows better.
_NOISE_MARKERS = (" - waiting for ", " Aria snapshot:")

# Network and time, whatever layer (Playwright, urllib, requests) reports it.
_NETWORK: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ERR_CONNECTION_REFUSED|ECONNREFUSED|Connection refused", re.IGNORECASE),
     "Journalen gick inte att nå: anslutningen nekades."),
    (re.compile(r"ERR_NAME_NOT_RESOLVED|Name or service not known|getaddrinfo", re.IGNORECASE),
     "Journalens adress gick inte att slå upp."),
    (re.compile(r"ERR_CERT_|CERTIFICATE_VERIFY_FAILED|certificate verify failed", re.IGNORECASE),
     "Journalens certifikat godtogs inte."),
    (re.compile(r"ERR_CONNECTION_(RESET|CLOSED)|Connection reset", re.IGNORECASE),
     "Journalen bröt anslutningen."),
)  # fmt: skip
_TIMEOUT = re.compile(r"TimeoutError|Timeout \d+ ?ms exceeded|timed out", re.IGNORECASE)
TIMEOUT_REASON = "Journalen eller sidan svarade inte i tid: tidsgränsen överskreds."

ASSERTION_REASON = (
    "Journalen gjorde inte som steget väntade sig: ett påstående i steget höll inte."
)
SETUP_REASON = "Scenariot kunde inte förberedas: ett fel i sviten eller miljön, inte i journalen."
TEARDOWN_REASON = "Scenariot kunde inte avslutas rent: ett fel när det städades upp."
OTHER_REASON = "Ett oväntat fel i sviten eller miljön avbröt scenariot."
_PHASE_REASON = {"setup": SETUP_REASON, "teardown": TEARDOWN_REASON}

# "AssertionError: ", "Failed: ", "playwright._impl._errors.Error: " …
_EXCEPTION_PREFIX = re.compile(r"^(?:[\w.]+\.)?(\w*(?:Error|Exception|Failed|Exit))\s*:\s*")
# pytest's own explanation of a failed ``assert`` after the suite's message.
_INTROSPECTION = re.compile(r"\sassert\s.*$", re.DOTALL)
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
_SWEDISH_WORDS = frozenset((
    "inte", "och", "att", "som", "för", "är", "har", "finns", "saknas", "kunde", "ska",
    "skulle", "visade", "visar", "sidan", "journalen", "kunden", "steget", "fel", "utan",
    "ingen", "inget", "mot", "vid", "eller",
))


def shorten(text: str, limit: int = TECHNICAL_LIMIT) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a word with "…"."""
    line = " ".join(str(text).split())
    cuts = [index for marker in _NOISE_MARKERS if (index := line.find(marker)) > 0]
    if cuts:
        line = line[: min(cuts)] + " " + ELLIPSIS
    if len(line) <= limit:
        return line
    cut = line[: limit - len(ELLIPSIS) - 1]
    space = cut.rfind(" ")
    if space > 0:  # a single endless token is cut where it must be
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + " " + ELLIPSIS


def plain_reason(message: str, when: str = "call") -> str:
    """One Swedish sentence for a failure ``message`` in phase ``when``
    (``setup``, ``call`` or ``teardown``)."""
    text = " ".join(str(message).split())
    check = f"{JournalCheckFailed.__name__}: "
    if check in text:  # its first sentence is the board's (pages.expect)
        return text.split(check, 1)[1].split(". ", 1)[0].removesuffix(".") + "."
    for pattern, sentence in _NETWORK:
        if pattern.search(text):
            return sentence
    if _TIMEOUT.search(text):
        return TIMEOUT_REASON
    own = _own_swedish(text) or _PHASE_REASON.get(when)
    if own:
        return own
    return ASSERTION_REASON if text.startswith(("AssertionError", "assert ")) else OTHER_REASON


def reason_of(error: BaseException, when: str = "call") -> str:
    """The sentence for an exception, where it was raised: a failed check of the journal
    carries its own (``pages.expect``), a timeout is one by its type; anything else is
    read from its message."""
    if isinstance(error, JournalCheckFailed):
        return error.sentence
    if isinstance(error, PlaywrightTimeoutError | TimeoutError):
        return TIMEOUT_REASON
    return plain_reason(f"{type(error).__name__}: {error}", when)


def plain_reason_of_stored(reason: str) -> str:
    """The sentence for a stored technical reason (an older signoff.json has none):
    the plugin's Swedish prefixes say the phase and are not part of the message."""
    for prefix in (FLAKY_PREFIX, SKIPPED_ON_RERUN_PREFIX):
        reason = reason.removeprefix(prefix)
    for when, prefix in (("setup", SETUP_PREFIX), ("teardown", TEARDOWN_PREFIX)):
        if reason.startswith(prefix):
            return plain_reason(reason.removeprefix(prefix), when)
    return plain_reason(reason)


def _own_swedish(text: str) -> str:
    """The suite's own Swedish message, as a sentence; "" when it is not one."""
    body = _EXCEPTION_PREFIX.sub("", text, count=1).strip()
    body = _INTROSPECTION.sub("", body).strip()
    if not body or not body[0].isalpha():
        return ""  # data (a dict, a list, a number), not a sentence
    # Up to the first colon: what follows is detail (names, values), kept in the
    # technical message and left out of what a board reads.
    head = body.split(": ", 1)[0].strip()
    words = {word.lower() for word in re.findall(r"\w+", head)}
    if not (_SWEDISH_LETTERS.search(head) or words & _SWEDISH_WORDS):
        return ""
    sentence = shorten(head, PLAIN_LIMIT).rstrip(".")
    return sentence[0].upper() + sentence[1:] + ("" if sentence.endswith(ELLIPSIS) else ".")
