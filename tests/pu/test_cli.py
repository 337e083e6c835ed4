"""``python -m mvj_stub.pu``: its flags in English; the old Swedish name is gone."""

from __future__ import annotations

import pytest

from mvj_stub.pu.__main__ import _parser


def test_slow_seconds_flag() -> None:
    assert _parser().parse_args(["--slow-seconds", "7"]).slow_seconds == 7.0
    assert _parser().parse_args([]).slow_seconds == 5.0


def test_the_old_flag_name_is_gone() -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["--langsam-sekunder", "7"])


def test_help_shows_the_english_flag_name_only(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["--help"])
    text = capsys.readouterr().out
    assert "--slow-seconds" in text and "--langsam-sekunder" not in text
