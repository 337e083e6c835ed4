"""The words a scenario table uses for a value, as the steps type them."""

from __future__ import annotations

from datetime import date

import pytest

from mvj_suite.model.table_values import table_value, tomorrow


def test_quoted_text_is_typed_as_it_stands() -> None:
    assert table_value('"Anna-Lena Åkesson"') == "Anna-Lena Åkesson"
    assert table_value('""') == ""
    assert table_value('" inledande blanksteg"') == " inledande blanksteg"


@pytest.mark.parametrize("count", [1, 4, 100, 101, 255])
def test_a_length_gives_exactly_that_many_characters_with_swedish_letters(count: int) -> None:
    text = table_value(f"{count} tecken")
    assert len(text) == count
    assert text == text.strip()  # a journal that trims blanks must not change the length
    if count > 4:
        assert any(letter in text for letter in "åäöÅÄÖ")


def test_tomorrow_is_the_next_calendar_day_across_a_year_end() -> None:
    assert tomorrow(date(2025, 12, 31)) == date(2026, 1, 1)
    assert table_value("i morgon", today=date(2024, 2, 28)) == "2024-02-29"


def test_inget_is_an_empty_field() -> None:
    assert table_value("inget") == ""


def test_other_words_are_a_mistake_in_the_scenario() -> None:
    with pytest.raises(ValueError, match="Okänt värde i scenariot: 'tjugo tecken'"):
        table_value("tjugo tecken")
