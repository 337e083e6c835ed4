"""Why a scenario failed: one short Swedish sentence beside the technical message.

A release board reads "Sidan visade inte den väntade texten."; the engineer who
fixes it reads Playwright's message under it. :func:`plain_reason` maps the
common failure messages (Playwright's ``expect``, timeouts, a journal that
cannot be reached, an assertion in a step) to such a sentence, and lets the
suite's own Swedish messages through as they are. :func:`shorten` keeps the
technical message short without cutting a word in half.

Pure text in, text out: the sign-off plugin calls it when a scenario fails, and
the report calls it for an older ``signoff.json`` that has no sentence stored.
"""

from __future__ import annotations

import re

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

# Playwright's expect(): "Locator expected to have text 'X'", "… expected not to be
# checked", "Page URL expected to be 'Y'". (expectation, sentence, sentence when negated)
_EXPECTATIONS: tuple[tuple[str, str, str], ...] = (
    ("have text", "Sidan visade inte den väntade texten.",
     "Sidan visade en text som inte skulle finnas där."),
    ("contain text", "Sidan visade inte den väntade texten.",
     "Sidan visade en text som inte skulle finnas där."),
    ("be visible", "Något som skulle synas på sidan syntes inte.",
     "Något som inte skulle synas fanns kvar på sidan."),
    ("be hidden", "Något som skulle försvinna från sidan syntes fortfarande.",
     "Något som skulle synas på sidan syntes inte."),
    ("have value", "Ett fält hade inte det väntade värdet.",
     "Ett fält hade ett värde som det inte skulle ha (till exempel tomt)."),
    ("be checked", "Ett val var inte markerat fast det skulle vara det.",
     "Ett val var markerat fast det inte skulle vara det."),
    ("have count", "Sidan visade inte det väntade antalet rader eller element.",
     "Sidan visade ett antal rader eller element som den inte skulle visa."),
    ("be enabled", "En knapp eller ett fält gick inte att använda.",
     "En knapp eller ett fält gick att använda fast det inte skulle gå."),
    ("be disabled", "En knapp eller ett fält gick att använda fast det inte skulle gå.",
     "En knapp eller ett fält gick inte att använda."),
    ("be editable", "Ett fält gick inte att skriva i.",
     "Ett fält gick att skriva i fast det inte skulle gå."),
)  # fmt: skip
_EXPECT = re.compile(r"\bexpected (not )?to (\w+(?: \w+)?)", re.IGNORECASE)
_PAGE_EXPECT = re.compile(r"\bPage (URL|title) expected (not )?to be", re.IGNORECASE)
EXPECT_OTHER = "Sidan såg inte ut som sviten väntade sig."
NOT_FOUND = "element(s) not found"
NOT_FOUND_NOTE = " – det som skulle kontrolleras fanns inte på sidan."
URL_REASON = "Webbläsaren hamnade inte på den väntade sidan."
TITLE_REASON = "Sidan hade inte den väntade rubriken."

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
    expectation = _expectation(text)
    if expectation:
        return expectation
    for pattern, sentence in _NETWORK:
        if pattern.search(text):
            return sentence
    if _TIMEOUT.search(text):
        return TIMEOUT_REASON
    own = _own_swedish(text)
    if own:
        return own
    if when == "setup":
        return SETUP_REASON
    if when == "teardown":
        return TEARDOWN_REASON
    if text.startswith("AssertionError") or text.startswith("assert "):
        return ASSERTION_REASON
    return OTHER_REASON


def plain_reason_of_stored(reason: str) -> str:
    """The sentence for a stored technical reason (an older signoff.json has none):
    the plugin's Swedish prefixes say the phase and are not part of the message."""
    text = reason
    for prefix in (FLAKY_PREFIX, SKIPPED_ON_RERUN_PREFIX):
        text = text.removeprefix(prefix)
    when = "call"
    if text.startswith(SETUP_PREFIX):
        when, text = "setup", text.removeprefix(SETUP_PREFIX)
    elif text.startswith(TEARDOWN_PREFIX):
        when, text = "teardown", text.removeprefix(TEARDOWN_PREFIX)
    return plain_reason(text, when)


def _expectation(text: str) -> str:
    page = _PAGE_EXPECT.search(text)
    if page:
        return URL_REASON if page[1].upper() == "URL" else TITLE_REASON
    match = _EXPECT.search(text)
    if not match:
        return ""
    negated, words = bool(match[1]), match[2].lower()
    for expectation, sentence, negated_sentence in _EXPECTATIONS:
        if words.startswith(expectation):
            chosen = negated_sentence if negated else sentence
            visibility = expectation in ("be visible", "be hidden")
            if NOT_FOUND in text and not visibility and not negated:
                chosen = chosen.removesuffix(".") + NOT_FOUND_NOTE
            return chosen
    return EXPECT_OTHER


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
