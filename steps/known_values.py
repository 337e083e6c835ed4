"""Checking a person's details field by field: what is unknown is skipped, and a
difference in what a test profile stated is the profile's (not a step module of its own,
like ``steps.flows``)."""

from __future__ import annotations

from collections.abc import Callable

from mvj_suite.model.data_problems import ProfileDataMismatch
from mvj_suite.model.details import PROFILE_KEYS, CustomerDetails


def check_field(
    details: CustomerDetails, key: str, where: str, check: Callable[[], object]
) -> None:
    """Run ``check`` of field ``key`` unless it is unknown. When the expected value came
    from a test profile, a failing check names the profile entry and field instead."""
    check_fields(details, (key,), where, check)


def check_fields(
    details: CustomerDetails, keys: tuple[str, ...], where: str, check: Callable[[], object]
) -> None:
    """One check over several fields (the Kundkort's address): skipped when any of them
    is unknown; a difference is named after the first of them from the profile."""
    if any(not details.known(key) for key in keys):
        return
    profiled = [key for key in keys if key in details.from_profile]
    if not profiled:
        check()
        return
    blame_profile(details, PROFILE_KEYS[profiled[0]], where, check)


def blame_profile(
    details: CustomerDetails, profile_key: str, where: str, check: Callable[[], object]
) -> None:
    """Run ``check``; when ``details`` came from a test profile, a failure is that entry's
    field ``profile_key`` (``"delar"`` …), not the routine's."""
    if not details.origin:
        check()
        return
    try:
        check()
    except AssertionError:
        # Playwright's message is left out: it carries the values (personal data).
        raise ProfileDataMismatch(details.origin, profile_key, where) from None
