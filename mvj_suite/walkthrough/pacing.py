"""Training walkthroughs: how long each caption stays on screen.

A caption is read at a reading rate, and it never leaves before the step it describes
is done and its result has been seen:

    on screen = max(reading time, the step's action + a look at its result)

**Reading rate: 150 words a minute** at the default tempo (600 ms): 400 ms a word, plus
one tempo to notice that a new caption came. Subtitling guidelines put adult viewers at
160–180 words a minute (the BBC's subtitle guidelines); a walkthrough asks for less,
because its Swedish is dense with long compounds ("E-postadressen", "PU-tjänsten",
"Kontaktvägen") and the nurse watches the journal at the same time as she reads. So a
3-word "Klicka på Spara." needs 1.8 s, a 23-word caption 9.8 s.

**The action** is the step as filmed: the cursor travelling, the text typed, the page
the click brings loaded (``mvj_suite.walkthrough.focus`` waits for it) and what the step
is about scrolled into view. Its result then stays for one tempo; for two when it is
what the step is there to show (a ``Så`` step), when the step failed, and when the
action brought another page (the nurse must find her bearings in it: "Klicka på Spara."
is followed by the Kundkort).

Everything scales with ``--walkthrough-tempo``: a slower tempo gives more reading time
too, and a fast test recording (tempo 50) goes almost at once.

Pure logic: no pytest, no browser.
"""

from __future__ import annotations

DEFAULT_TEMPO_MS = 600
WORDS_PER_MINUTE = 150  # at the default tempo; see the module's text for why
_MS_PER_WORD = 60_000 // WORDS_PER_MINUTE  # 400


def words(text: str) -> int:
    return len(text.split())


def reading_ms(text: str, tempo_ms: int) -> int:
    """The time to notice and read ``text``: one tempo, then 150 words a minute (at the
    default tempo; proportionally slower or faster with another)."""
    return tempo_ms + words(text) * _MS_PER_WORD * tempo_ms // DEFAULT_TEMPO_MS


def result_ms(tempo_ms: int, step_type: str, failed: bool = False,
              new_page: bool = False) -> int:
    """How long the result of a step stays after it is done: one tempo, two for a
    ``Så`` step, a failed step or an action that brought another page."""
    return tempo_ms * (2 if step_type == "then" or failed or new_page else 1)


def caption_ms(text: str, tempo_ms: int, action_ms: int, step_type: str,
               failed: bool = False, new_page: bool = False) -> int:
    """How long the caption stays on screen in all: long enough to be read, and never
    shorter than its step's action and a look at the result."""
    look = result_ms(tempo_ms, step_type, failed, new_page)
    return max(reading_ms(text, tempo_ms), action_ms + look)


def hold_ms(text: str, tempo_ms: int, action_ms: int, step_type: str,
            failed: bool = False, new_page: bool = False) -> int:
    """How long to keep filming once the step is done (``action_ms`` after its caption
    came): the rest of :func:`caption_ms` (never less than the look at the result)."""
    return caption_ms(text, tempo_ms, action_ms, step_type, failed, new_page) - action_ms
