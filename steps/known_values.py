"""Checking a person's details field by field: what is unknown is skipped, and a
difference in what a test profile stated is the profile's (not a step module of its own,
like ``steps.flows``)."""

from __future__ import annotations

from collections.abc import Callable

from suite.model.data_problems import ProfileDataMismatch
from suite.model.details import PROFILE_KEYS, CustomerDetails


def check_field(
    details: CustomerDetails, key: str, where: str, check: Callable[[], object]
) -> None:
    """Run ``check`` of field ``key`` unless it is unknown. When the expected value came
    from a test profile, a failing check names the profile entry and field instead."""
    if not details.known(key):
        return
    if key not in details.from_profile or not details.origin:
        check()
        return
    try:
        check()
    except AssertionError:
        # Playwright's message is left out: it carries the values (personal data).
        raise ProfileDataMismatch(details.origin, PROFILE_KEYS[key], where) from None


def check_fields(
    details: CustomerDetails, keys: tuple[str, ...], where: str, check: Callable[[], object]
) -> None:
    """One check over several fields (the Kundkort's address): skipped when any of them
    is unknown; a difference is named after the first of them from the profile."""
    if any(not details.known(key) for key in keys):
        return
    profiled = [key for key in keys if key in details.from_profile]
    if not profiled or not details.origin:
        check()
        return
    try:
        check()
    except AssertionError:
        raise ProfileDataMismatch(details.origin, PROFILE_KEYS[profiled[0]], where) from None
