"""Training walkthroughs: what the caption of a step says — an instruction to the nurse.

A Gherkin step is written for the suite ("När hon söker på kundens personnummer skrivet
som 12 siffror med bindestreck"); a nurse watching the video needs an instruction
("Skriv patientens personnummer, ÅÅÅÅMMDD-NNNN, i sökfältet och klicka på Sök.").
Where it comes from, first match wins:

1. a training comment directly above the step in the feature file::

       # Utbildning: Klicka på Hämta från PU-tjänsten.
       När hon hämtar uppgifterna från PU-tjänsten

   (more comment lines right below it continue the text; ``<kolumn>`` is filled in
   from the Exempel row, as in the step itself). ``# Utbildning (poängen):`` instead
   also marks the step the scenario is there to teach: the video's thumbnail is
   taken there (``mvj_suite.walkthrough.recording``),
2. the table of default instructions below, by step pattern,
3. the step itself (``När …``), so a new step is never silent.

Pure logic: no pytest, no browser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

TRAINING_PREFIX = "Utbildning:"
POINT_PREFIX = "Utbildning (poängen):"  # a training text on the step the video is about
_PREFIXES = (POINT_PREFIX, TRAINING_PREFIX)
_COMMENT = re.compile(r"^\s*#\s?(?P<text>.*)$")
_STEP_KEYWORDS = ("Givet", "När", "Så", "Och", "Men", "*")

# How a nurse writes a number in each of the suite's notations.
NOTATION_FORMS = {
    "12 siffror": "ÅÅÅÅMMDDNNNN",
    "12 siffror med bindestreck": "ÅÅÅÅMMDD-NNNN",
    "10 siffror": "ÅÅMMDDNNNN",
    "10 siffror med bindestreck": "ÅÅMMDD-NNNN",
    "10 siffror med plustecken": "ÅÅMMDD+NNNN",
}
_SHARING = {
    "både mobil och e-post": "både mobilnummer och e-postadress",
    "bara mobil": "bara sitt mobilnummer",
    "bara e-post": "bara sin e-postadress",
    "ingenting": "varken mobilnummer eller e-postadress",
}
_FETCHED = {
    ("hämtad", "hämtad"): "Mobilnummer och e-postadress hämtades också från 1177.",
    ("hämtad", "tom"): "Mobilnumret hämtades från 1177 – e-postadressen är tom.",
    ("tom", "hämtad"): "E-postadressen hämtades från 1177 – mobilnumret är tomt.",
    ("tom", "tom"): "Varken mobilnummer eller e-postadress hämtades – fälten är tomma.",
}


def _number_search(match: re.Match[str]) -> str:
    kind = match["kind"]
    form = NOTATION_FORMS.get(match["notation"].strip())
    written = f" ({form})" if form else ""
    return f"Skriv patientens {kind}{written} i sökfältet och klicka på Sök."


_Text = str | Callable[[re.Match[str]], str]
_HE_SHE = r"(?:hon|han)"

# Step text (without keyword) → instruction. Present tense, "du" for the nurse, "patient"
# for the person (the journal's own word "kund" only where the screen says it).
DEFAULT_INSTRUCTIONS: list[tuple[re.Pattern[str], _Text]] = [
    (re.compile(p), t)
    for p, t in (
        # 1 Logga in
        (r"att sjuksköterskan \w+ har sitt SITHS-kort i läsaren",
         "Sätt ditt SITHS-kort i kortläsaren."),
        (rf"{_HE_SHE} loggar in",
         "Öppna MittVaccin Journal och logga in med SITHS-kortet."),
        (r"ser hon att hon är inloggad med sitt namn och HSA-id",
         "Du är inloggad: ditt namn och ditt HSA-id visas överst på sidan."),
        (r"att sjuksköterskan \w+ är inloggad",
         "Logga in i MittVaccin Journal med ditt SITHS-kort."),
        (r"att \w+ inte har något SITHS-kort i läsaren",
         "Inget SITHS-kort sitter i kortläsaren."),
        (r"nekas inloggningen eftersom inget giltigt SITHS-kort hittades",
         "Inloggningen nekas: journalen hittar inget giltigt SITHS-kort."),
        (rf"{_HE_SHE} loggar ut", "Klicka på Logga ut."),
        # 2.1 Sök patient
        (rf"(?:att {_HE_SHE} har valt|{_HE_SHE} väljer) Kunder – Sök kund",
         "Välj Kunder – Sök kund i menyn."),
        (r"visas sidan Sök kund", "Sidan Sök kund visas."),
        (rf"{_HE_SHE} söker på kundens (?P<kind>personnummer|samordningsnummer) skrivet som "
         r"(?P<notation>.+)", _number_search),
        (rf"{_HE_SHE} söker på kundens (?P<part>förnamn|efternamn)",
         lambda m: f"Skriv patientens {m['part']} i sökfältet och klicka på Sök."),
        (rf"{_HE_SHE} söker på kundens e-postadress",
         "Skriv patientens hela e-postadress i sökfältet och klicka på Sök."),
        (rf"{_HE_SHE} söker upp kunden igen",
         "Sök upp patienten igen och öppna kundkortet."),
        (r"hittar hon kunden", "Patienten visas i träfflistan."),
        (r"finns kunden bland träffarna", "Patienten finns bland träffarna."),
        (r"hittas inga kunder", "Sökningen ger inga träffar."),
        (rf"{_HE_SHE} väljer kunden genom att klicka på raden",
         "Klicka på patientens rad i träfflistan."),
        (r"visas kundkortet med kundens sparade uppgifter",
         "Kundkortet visas med patientens sparade uppgifter."),
        # 2.2 Lägga till ny patient
        (r"att det finns en kund i journalen", "Patienten finns redan i journalen."),
        (r"att det finns en kund som just har lagts till i journalen",
         "Patienten finns redan i journalen."),
        (r"att det finns en ny kund som inte finns i journalen",
         "Patienten är ny och finns inte i journalen."),
        (r"att det finns en ny kund i PU-tjänsten som delar (?P<sharing>.+) från 1177",
         lambda m: "Patienten är ny i journalen och finns i PU-tjänsten. På 1177 delar "
         f"patienten {_SHARING.get(m['sharing'], m['sharing'])} med vården."),
        (r"frågar journalen om kunden ska läggas till",
         "Patienten finns inte i journalen: journalen frågar om patienten ska läggas till."),
        (rf"{_HE_SHE} väljer Lägg till kund", "Klicka på Lägg till kund."),
        (r"visas dialogen Lägg till kund med kundens personnummer",
         "Dialogen Lägg till kund öppnas med personnumret ifyllt."),
        (r"att hon har öppnat dialogen Lägg till kund för kunden",
         "Sök på patientens personnummer under Kunder – Sök kund och klicka på Lägg till kund."),
        (rf"{_HE_SHE} hämtar uppgifterna från PU-tjänsten", "Klicka på Hämta från PU-tjänsten."),
        (r"har namn och adress hämtats från PU-tjänsten",
         "Namn och adress hämtas från PU-tjänsten och fylls i."),
        (r"är mobiltelefonen (?P<mobile>hämtad|tom) och e-postadressen (?P<email>hämtad|tom)",
         lambda m: _FETCHED[(m["mobile"], m["email"])]),
        (r"får hon beskedet att personen inte finns i PU-tjänsten",
         "PU-tjänsten känner inte till personen – uppgifterna fylls i för hand."),
        (rf"{_HE_SHE} fyller i det som inte hämtades",
         "Fyll i det som inte hämtades för hand."),
        (rf"{_HE_SHE} fyller i kundens uppgifter", "Fyll i patientens uppgifter."),
        (rf"{_HE_SHE} sparar", "Klicka på Spara."),
        (rf"{_HE_SHE} avbryter", "Klicka på Avbryt."),
        (r"ser hon att kunden har sparats", "Journalen bekräftar att patienten är sparad."),
        (r"visar kundkortet uppgifterna från PU-tjänsten och det hon fyllt i",
         "Kundkortet visar uppgifterna från PU-tjänsten och det du fyllde i."),
        (r"visar kundkortet uppgifterna från PU-tjänsten",
         "Kundkortet visar uppgifterna från PU-tjänsten."),
        # 2.3 Reservnummer
        (r"att det finns en ny kund vars personnummer inte är känt",
         "Patientens personnummer är inte känt."),
        (r"att hon har öppnat dialogen Lägg till kund med reservnummer",
         "Välj Kunder – Sök kund, klicka på Lägg till ny kund och sedan på "
         "Lägg till kund med reservnummer."),
        (rf"{_HE_SHE} väljer Lägg till ny kund och Lägg till kund med reservnummer",
         "Klicka på Lägg till ny kund och sedan på Lägg till kund med reservnummer."),
        (r"visar kundkortet ett giltigt reservnummer för kundens födelseår",
         "Patienten har fått ett reservnummer – det visas på kundkortet."),
        (r"visar kundkortet kundens födelsedatum och övriga uppgifter",
         "Kundkortet visar födelsedatumet och de övriga uppgifterna."),
        # 2.4 Ändra personuppgifter
        (r"att hon har öppnat kundkortet",
         "Sök upp patienten och klicka på raden för att öppna kundkortet."),
        (r"att hon har öppnat dialogen Ändra kund för kunden",
         "Öppna patientens kundkort och klicka på Ändra personuppgifter."),
        (rf"{_HE_SHE} väljer Ändra personuppgifter", "Klicka på Ändra personuppgifter."),
        (r"visas dialogen Ändra kund med kundens sparade uppgifter",
         "Dialogen Ändra kund visar patientens sparade uppgifter."),
        (rf"{_HE_SHE} ändrar kundens adress och mobiltelefon",
         "Skriv den nya adressen och det nya mobilnumret."),
        (r"visar kundkortet de ändrade uppgifterna", "Kundkortet visar de nya uppgifterna."),
        # 2.5 Skyddad identitet
        (r"att det finns en kund med skyddad identitet i journalen",
         "Patienten har skyddad identitet."),
        (r"visar träffen Skyddad identitet i stället för namn och ingen adress",
         "Träffen visar Skyddad identitet – inget namn och ingen adress."),
        (r"finns inga av personens uppgifter i sidans källkod",
         "Inga av patientens uppgifter finns på sidan, inte ens dolda."),
        (r"visar kundkortet Skyddad identitet och bara personnumret",
         "Kundkortet visar Skyddad identitet och bara personnumret."),
        (r"kan hon inte ändra personuppgifterna", "Personuppgifterna går inte att ändra."),
        (r"visar dialogen Skyddad identitet och inga uppgifter går att fylla i",
         "Dialogen visar Skyddad identitet. Fyll inte i några uppgifter för hand."),
    )
]  # fmt: skip


# --- training comments in the feature file -------------------------------------------------


def _training_blocks(text: str) -> dict[int, tuple[str, bool]]:
    """``{line of a step: (its training text, whether it is the point)}``."""
    found: dict[int, tuple[str, bool]] = {}
    block: list[str] = []  # the comment lines right above this one
    for number, line in enumerate(text.splitlines(), start=1):  # pytest-bdd counts from 1
        if comment := _COMMENT.match(line):
            block.append(comment["text"].strip())
            continue
        starts = [i for i, part in enumerate(block) if part.startswith(_PREFIXES)]
        if starts and line.strip().startswith(_STEP_KEYWORDS):
            first = block[starts[0]]
            prefix = next(p for p in _PREFIXES if first.startswith(p))
            words = [first.removeprefix(prefix), *block[starts[0] + 1 :]]
            if training := " ".join(word.strip() for word in words if word.strip()):
                found[number] = (training, prefix == POINT_PREFIX)
        block = []
    return found


def training_comments(text: str) -> dict[int, str]:
    """``{line of a step: its training text}`` from the ``# Utbildning:`` comments.

    The comment block must end on the line right above the step (a blank line breaks
    the tie); the text is the ``Utbildning:`` line and the comment lines after it.
    """
    return {line: training for line, (training, _) in _training_blocks(text).items()}


def training_points(text: str) -> set[int]:
    """The lines of the steps marked ``# Utbildning (poängen):``."""
    return {line for line, (_, point) in _training_blocks(text).items() if point}


@lru_cache(maxsize=64)
def _blocks_of(path: str) -> dict[int, tuple[str, bool]]:
    try:
        return _training_blocks(Path(path).read_text(encoding="utf-8"))
    except OSError:
        return {}


def training_text(feature_file: str, line: int) -> str | None:
    """The training comment above the step on ``line`` of ``feature_file``, if any."""
    found = _blocks_of(feature_file).get(line)
    return found[0] if found else None


def is_point(feature_file: str, line: int) -> bool:
    """Whether the step on ``line`` is the one its scenario is there to teach."""
    found = _blocks_of(feature_file).get(line)
    return bool(found and found[1])


def _render(text: str, example: Mapping[str, object]) -> str:
    return re.sub(r"<([^<>]+)>", lambda m: str(example.get(m[1], m[0])), text)


# --- the instruction ----------------------------------------------------------------------


def default_instruction(step_name: str) -> str | None:
    for pattern, text in DEFAULT_INSTRUCTIONS:
        match = pattern.fullmatch(step_name.strip())
        if match:
            return text(match) if callable(text) else text
    return None


def instruction(
    keyword: str,
    step_name: str,
    training: str | None = None,
    example: Mapping[str, object] | None = None,
) -> str:
    """The caption for one step: its training text, a default, or the step itself."""
    if training:
        return _render(training, example or {})
    return default_instruction(step_name) or f"{keyword.strip()} {step_name}".strip()
