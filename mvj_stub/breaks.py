"""Rules of the routine that the stub can break on purpose (``serve --break RULE``).

A green sign-off is worth only as much as the suite's power to turn red when the
journal breaks a rule. To show that power, the stub can break one named rule of
the routine at a time; ``./mvj mutation`` then runs that rule's section against
it and reports whether the suite caught the break.

Each break is a small switch at the place where its rule lives
(``if broken(...)``), never a separate code path. Breaks are off unless the
stub was started with ``--break``: they are part of ``StubConfig`` (frozen at
start), there is no control route, file or environment variable that turns one
on, and ``broken()`` is False outside a request of a stub started with it.

A leaf module: it imports nothing of the stub, so every module can ask it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_app_context

# Where create_app puts the running stub's breaks (app.config).
CONFIG_KEY = "MVJ_BREAKS"


@dataclass(frozen=True)
class Break:
    name: str  # the flag's value, English kebab-case
    # The routine section the rule belongs to: "1", "2.1" … "2.5"; "a11y" for an
    # accessibility rule outside the routine (WCAG; ./mvj mutation leaves those out).
    section: str
    text: str  # what the broken journal does, in Swedish, for reports and the banner


CATALOGUE: tuple[Break, ...] = (
    # --- §1 Logga in ----------------------------------------------------------------
    Break("expired-card-accepted", "1", "Ett SITHS-kort som har gått ut godtas."),
    Break("unknown-issuer-accepted", "1", "Ett kort från en okänd utfärdare godtas."),
    Break("unauthorised-hsa-id-let-in", "1",
          "Ett giltigt kort vars HSA-id saknar beställd behörighet släpps in."),
    Break("search-page-open-without-login", "1", "Sök kund visas utan inloggning."),
    Break("logout-after-50-minutes", "1",
          "Den automatiska utloggningen sker först efter 50 minuters inaktivitet."),
    Break("activity-does-not-extend-session", "1",
          "Aktivitet i journalen börjar inte om de 45 minuterna."),
    Break("relogin-in-same-browser", "1",
          "Efter utloggning för inaktivitet går det att logga in igen utan att stänga "
          "webbläsaren."),
    Break("session-not-bound-to-card", "1",
          "Sessionen går att använda utan kortet som loggade in."),
    # --- §2.1 Sök patient -------------------------------------------------------------
    Break("search-three-characters", "2.1", "Sök kund söker redan på tre tecken."),
    Break("search-partial-phone", "2.1", "En del av ett telefonnummer ger träff."),
    Break("search-partial-email", "2.1", "En del av en e-postadress ger träff."),
    Break("search-email-case-sensitive", "2.1",
          "E-postadressen hittar bara kunden med exakt samma skiftläge."),
    Break("search-name-case-sensitive", "2.1",
          "Namnet hittar bara kunden med exakt samma skiftläge."),
    Break("invalid-personnummer-accepted", "2.1",
          "Ett personnummer med fel kontrollsiffra godtas som giltigt."),
    Break("plus-sign-ignored", "2.1",
          "Plustecknet (100 år eller äldre) ignoreras, så personnumret tolkas ett "
          "sekel fel."),
    Break("no-add-offer-for-missing-number", "2.1",
          "Ett giltigt nummer som inte finns i journalen ger ingen fråga om att lägga "
          "till kunden."),
    # --- §2.2 Lägga till ny patient ------------------------------------------------------
    Break("default-contact-route-sms", "2.2",
          "SMS är förvald kontaktväg i stället för Båda."),
    Break("consent-preticked", "2.2",
          "Kryssrutan för samtycke till erbjudanden är förmarkerad hos regionen."),
    Break("pu-skips-shared-contact", "2.2",
          "PU-hämtningen fyller inte i mobil och e-post som personen delar från 1177."),
    Break("pu-drops-address", "2.2", "PU-hämtningen fyller inte i adressen."),
    Break("pu-unavailable-loses-input", "2.2",
          "Det som skrivits töms när PU-tjänsten inte svarar."),
    Break("surname-not-required", "2.2", "Kunden sparas utan efternamn."),
    Break("bad-postnummer-saved", "2.2", "Ett postnummer som inte är fem siffror sparas."),
    Break("duplicate-saved", "2.2",
          "Ett personnummer som redan finns sparas en gång till (och skriver över den "
          "sparade kunden)."),
    Break("cancel-saves", "2.2", "Avbryt i Lägg till kund sparar kunden ändå."),
    Break("names-rewritten", "2.2",
          "Namnen sparas omskrivna med stor begynnelsebokstav i stället för som de "
          "skrevs."),
    # --- §2.3 Reservnummer och samordningsnummer ------------------------------------------
    Break("reserve-without-birth-date", "2.3",
          "En kund med reservnummer sparas utan födelsedatum."),
    Break("reservnummer-not-searchable", "2.3",
          "En kund med reservnummer hittas inte på sitt reservnummer."),
    Break("samordningsnummer-not-fetched", "2.3",
          "Ett samordningsnummer hämtas aldrig från PU-tjänsten."),
    # --- §2.4 Ändra personuppgifter -------------------------------------------------------
    Break("edit-not-saved", "2.4",
          "En ändring sparas inte, men kundkortet säger ändå att den sparats."),
    Break("edit-dialog-drops-email", "2.4",
          "Ändra kund visar inte kundens sparade e-postadress."),
    Break("edit-cancel-saves", "2.4", "Avbryt i Ändra kund sparar ändringen ändå."),
    Break("reservnummer-not-replaced", "2.4",
          "Kundens riktiga nummer ersätter inte reservnumret."),
    # --- §2.5 Skyddad identitet -----------------------------------------------------------
    Break("protected-text-missing-in-result", "2.5",
          "Sökträffen för en kund med skyddad identitet visar inte Skyddad identitet."),
    Break("protected-pu-fills-name", "2.5",
          "PU-hämtningen fyller i namn och adress för en person med skyddad identitet."),
    Break("protected-fields-enabled", "2.5",
          "Fälten i dialogen Lägg till kund går att fylla i för en person med skyddad "
          "identitet."),
    Break("protected-edit-enabled", "2.5",
          "Ändra personuppgifter går att välja för en kund med skyddad identitet."),
    # --- Tillgänglighet (utanför rutinen) -------------------------------------------------
    Break("search-input-without-label", "a11y",
          "Sök kund har ett textfält utan etikett (WCAG 1.3.1 och 4.1.2)."),
)

BY_NAME: dict[str, Break] = {entry.name: entry for entry in CATALOGUE}
SECTIONS = ("1", "2.1", "2.2", "2.3", "2.4", "2.5", "a11y")
SECTION_TITLES = {"a11y": "Tillgänglighet (utanför rutinen)"}


class UnknownBreak(ValueError):
    """A ``--break`` value that names no rule of the catalogue."""

    def __init__(self, name: str) -> None:
        super().__init__(f"okänd regel att bryta: {name!r} (se mvj-stub breaks)")
        self.name = name


def parse_breaks(names: list[str] | tuple[str, ...] | None) -> frozenset[str]:
    """The set of breaks to start with; ``UnknownBreak`` for a name not in the catalogue."""
    chosen = frozenset(names or ())
    for name in sorted(chosen):
        if name not in BY_NAME:
            raise UnknownBreak(name)
    return chosen


def broken(name: str) -> bool:
    """True when the stub serving this request was started with ``--break name``.

    Outside a request (pure functions called from tests or the seed) always False.
    An unknown name is a programming error, caught at once rather than silently False.
    """
    if name not in BY_NAME:
        raise KeyError(f"ingen regel i katalogen heter {name!r}")
    if not has_app_context():
        return False
    chosen: frozenset[str] = current_app.config.get(CONFIG_KEY, frozenset())
    return name in chosen
