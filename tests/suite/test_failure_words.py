"""How a failure is named: the element a check looked at (role and name, from the
locator), whether a failure can be flaky and is worth a rerun, and the readable name
of the folder its screenshots and traces go in."""

from __future__ import annotations

import urllib.error

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from mvj_suite.core.journal_browser import artefact_folder_name
from mvj_suite.core.retries import CONNECTION, NAVIGATION, TIMEOUT, transient_reason
from pages.element_names import describe_locator, describe_selector
from pages.expect import JournalCheckFailed


@pytest.mark.parametrize(("selector", "named"), [
    ('internal:role=button[name="Ändra personuppgifter"s]', "knappen «Ändra personuppgifter»"),
    ('internal:role=dialog[name="Lägg till kund"i] >> internal:role=button[name="Spara"s]',
     "knappen «Spara» i dialogen «Lägg till kund»"),
    ('internal:label="Förnamn"s', "fältet «Förnamn»"),
    ('internal:text="Inloggad som"i', "texten «Inloggad som»"),
    ('internal:role=row >> internal:has-text="19121212-1212"i >> nth=0',
     "raden med texten «19121212-1212»"),
    ('internal:role=heading[level=2][name="Kund \\"x\\" >> y"i] >> nth=-1',
     'rubriken «Kund "x" >> y» (den sista)'),
    ('internal:role=alert >> internal:or="internal:role=status"',
     "meddelandet eller statusmeddelandet"),
    ('internal:role=checkbox[name=/Dela/]', "kryssrutan som matchar /Dela/"),
    ('internal:attr=[placeholder="Sök"i]', "fältet med platshållaren «Sök»"),
    ('internal:role=button[name="Spara"i] >> internal:describe="Spara-knappen"', "Spara-knappen"),
    ("body >> internal:role=alert", "meddelandet"),
    ("internal:role=treegrid", "elementet med rollen treegrid"),
])  # fmt: skip
def test_the_element_is_named_by_role_and_name(selector: str, named: str) -> None:
    assert describe_selector(selector) == named


class _Locator:
    """Playwright's Locator as its repr shows it (the suite reads nothing else)."""

    def __init__(self, selector: str) -> None:
        self.selector = selector

    def __repr__(self) -> str:
        return f"<Locator frame=<Frame name= url='about:blank'> selector={self.selector!r}>"


def test_the_element_is_read_from_the_locator() -> None:
    locator = _Locator('internal:role=button[name="Ändra personuppgifter"s]')
    assert describe_locator(locator) == "knappen «Ändra personuppgifter»"  # type: ignore[arg-type]
    assert describe_locator(object()) == ""  # type: ignore[arg-type]


def test_a_failed_check_carries_its_element() -> None:
    check = JournalCheckFailed("går inte att använda", "går att använda", "En knapp gick.",
                               "detalj", element="knappen «Spara»")
    assert check.element == "knappen «Spara»"
    assert str(check).startswith("En knapp gick. Element: knappen «Spara». Väntat: går inte "
                                 "att använda. Faktiskt: går att använda.")


def _raised_while(handling: BaseException, raising: BaseException) -> BaseException:
    try:
        try:
            raise handling
        except BaseException:
            raise raising  # noqa: B904 – the implicit context is the point
    except BaseException as error:
        return error


@pytest.mark.parametrize(("error", "reason"), [
    (PlaywrightTimeoutError("Timeout 5000ms exceeded."), TIMEOUT),
    (TimeoutError("timed out"), TIMEOUT),
    (ConnectionRefusedError("refused"), CONNECTION),
    (urllib.error.URLError("down"), CONNECTION),
    (PlaywrightError("page.goto: net::ERR_CONNECTION_REFUSED at https://127.0.0.1"), CONNECTION),
    (PlaywrightError("Navigation failed because page was closed!"), NAVIGATION),
    (PlaywrightError("Target page, context or browser has been closed"), NAVIGATION),
    (_raised_while(TimeoutError("slow"), RuntimeError("then this")), TIMEOUT),
    # Final: a check of a rule, an assert, the suite's own stop, any other error.
    (JournalCheckFailed("synlig", "dold", "Syntes inte.", ""), ""),
    (AssertionError("journalen visade fel sida"), ""),
    (_raised_while(TimeoutError("slow"), AssertionError("then checked")), ""),
    (PlaywrightError("strict mode violation: resolved to 2 elements"), ""),
    (ValueError("fel format"), ""),
    (None, ""),
])  # fmt: skip
def test_only_a_failure_that_can_be_flaky_is_worth_a_rerun(error: BaseException | None,
                                                            reason: str) -> None:
    assert transient_reason(error) == reason


def test_pytests_own_stops_are_final() -> None:
    with pytest.raises(pytest.fail.Exception) as failed:
        pytest.fail("profilen saknar kunden")
    assert transient_reason(failed.value) == ""


@pytest.mark.parametrize(("nodeid", "folder"), [
    ("steps/test_rutinen.py::test_kundkortet_visar_skyddad_identitet[skyddad folkbokf\\xf6ring]",
     "test_kundkortet_visar_skyddad_identitet_skyddad_folkbokföring"),
    ("steps/test_rutinen.py::test_en_kund_visar_bara_personnumret_i_sökträffen",
     "test_en_kund_visar_bara_personnumret_i_sökträffen"),
    ("steps/test_rutinen.py::test_a[../../etc \\u00e5]", "test_a_.._.._etc_å"),
])  # fmt: skip
def test_artefact_folders_are_readable_and_safe(nodeid: str, folder: str) -> None:
    assert artefact_folder_name(nodeid) == folder
    assert "/" not in folder and len(artefact_folder_name(nodeid + "ö" * 300).encode()) <= 200
