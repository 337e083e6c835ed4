"""The lines ``./mvj profile check`` prints: differences field by field, what is missing.

Terminal only: the check writes no file. Values are shown — the team must see
what to correct — and stay in the terminal the tester reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mvj_suite.live.profile_check import EntryCheck, Gap, ProbeResult, ScenarioNeeds, draft_yaml
from mvj_suite.model.pools import POOLS, BudgetLine, shortage_message
from mvj_suite.model.profile import CARD_ROLES, Profile

MAX_NAMES = 3


def _pools_line(probe: ProbeResult) -> str:
    if not probe.pools:
        return "– potterna: urvalet tar ingen ur dem – inte kontrollerade"
    which = "" if set(probe.pools) == set(POOLS) else f" ({', '.join(probe.pools)})"
    return f"✓ potterna{which}: ingen av {probe.pool_checked} personer är kund ännu"


def result_lines(profile: Profile, probe: ProbeResult) -> list[str]:
    """The login, each customer entry, and the pools against the journal."""
    lines = [f"Inloggning: {probe.login_difference or 'stämmer med profilen'}"]
    for entry in probe.entries:
        lines += _entry_lines(entry)
    lines += [
        f"✗ {person.entry} {person.number}: är redan kund i journalen – personen är "
        "förbrukad: ta bort den ur potten eller återställ testmiljön"
        for person in probe.pool_customers
    ] or [_pools_line(probe)]
    missing_cards = [role for role in CARD_ROLES if role not in profile.cards]
    if missing_cards:
        lines.append(
            "Kort som profilen inte anger (scenarierna med dem hoppas över): "
            + "; ".join(f"kort.{role} – {CARD_ROLES[role]}" for role in missing_cards)
        )
    lines.append(probe.calls)
    return lines


def _entry_lines(entry: EntryCheck) -> list[str]:
    person = entry.person
    head = f"{person.entry} {person.number}"
    if entry.section != "skyddade_kunder":
        head += f" ({person.first_name} {person.last_name})"
    if not entry.differences:
        unknown = f"; Kundkortet visar mer än profilen anger: {', '.join(entry.draft)}" if (
            entry.draft) else ""
        return [f"✓ {head}: stämmer{unknown}"]
    return [f"✗ {head}: stämmer inte med journalen",
            *(f"    {difference.field}: profilen «{difference.profile}», "
              f"journalen «{difference.journal}»" for difference in entry.differences)]  # fmt: skip


def coverage_lines(
    gaps: Sequence[Gap], budget_lines: Iterable[BudgetLine], selected: Sequence[ScenarioNeeds]
) -> list[str]:
    """What the selected scenarios need that the profile does not give."""
    writing = sum(scenario.writes for scenario in selected)
    lines = [f"Urvalet: {len(selected)} scenarier mot en riktig journal ({writing} av dem "
             "skriver och körs bara med --allow-writes)."]  # fmt: skip
    if not gaps:
        lines.append("✓ Profilen har en person som passar varje scenario i urvalet.")
    for gap in gaps:
        names = [f"»{name}«" + (" (skriver)" if writes else "") for name, writes in gap.scenarios]
        shown = "; ".join(names[:MAX_NAMES])
        if len(names) > MAX_NAMES:
            shown += f" och {len(names) - MAX_NAMES} till"
        reading = sum(1 for _, writes in gap.scenarios if not writes)
        count = f"{len(names)} scenario" if len(names) == 1 else f"{len(names)} scenarier"
        lines.append(
            f"– saknas: {gap.where} – {gap.fill}. Hoppas över: {count} "
            f"({reading} läsande): {shown}"
        )
    shortage = shortage_message(budget_lines)
    if shortage:
        lines.append(f"– {shortage}")
    return lines


def summary(probe: ProbeResult, gaps: Sequence[Gap]) -> str:
    if probe.mismatches:
        count = probe.mismatches
        what = "1 skillnad" if count == 1 else f"{count} skillnader"
        return f"Profilkontrollen: profilen stämmer inte med journalen – {what} (se ✗ ovan)."
    missing = f"; {len(gaps)} behov saknas för ett fullt godkännande" if gaps else ""
    return f"Profilkontrollen: profilen stämmer med journalen{missing}."


def draft_lines(probe: ProbeResult) -> list[str]:
    drafts: dict[str, list] = {}
    for entry in probe.entries:
        drafts.setdefault(entry.section, []).append((entry.person, entry.draft))
    return draft_yaml(drafts)
