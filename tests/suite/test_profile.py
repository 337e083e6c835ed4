"""The test-data profile's extra cards and protected persons: every mistake one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvj_suite.model.profile import ProfileError, load_profile

HEAD = """\
version: 1
inloggning: {namn: Sara Sjöberg, hsa_id: SE2321000016-SJS1}
kunder:
  - {nummer: 19121212-1212, fornamn: Tolvan, efternamn: Tolvansson}
"""


def _write(folder: Path, body: str) -> Path:
    path = folder / "profil.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _problems(path: Path, env: dict[str, str]) -> list[str]:
    with pytest.raises(ProfileError) as error:
        load_profile(path, env=env)
    return error.value.problems


def test_card_paths_expand_variables_home_and_the_profiles_folder(tmp_path: Path) -> None:
    (tmp_path / "kort").mkdir()
    (tmp_path / "kort" / "utgangen.p12").write_bytes(b"")
    (tmp_path / "obehorig.p12").write_bytes(b"")
    path = _write(tmp_path, """\
kort:
  utgangen:
    fil: ${KORTKATALOG}/utgangen.p12
    losenord_variabel: UTGANGEN_LOSEN
  utan_behorighet:
    fil: obehorig.p12
""")  # fmt: skip
    env = {"KORTKATALOG": str(tmp_path / "kort"), "UTGANGEN_LOSEN": "hemligt-lösen-1",
           "MVJ_SITHS_PASSPHRASE": "hemligt-lösen-2"}  # fmt: skip
    profile = load_profile(path, env=env)
    assert profile.cards["utgangen"].path == (tmp_path / "kort" / "utgangen.p12").resolve()
    assert profile.cards["utgangen"].passphrase_variable == "UTGANGEN_LOSEN"
    assert profile.cards["utan_behorighet"].path == (tmp_path / "obehorig.p12").resolve()
    assert profile.cards["utan_behorighet"].passphrase_variable == "MVJ_SITHS_PASSPHRASE"
    assert "hemligt-lösen" not in repr(profile)  # the profile names variables, never values


def test_every_card_mistake_is_its_own_line(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
kort:
  utgangen:
    fil: ${SAKNAS}/utgangen.p12
  fel_utfardare:
    fil: finns-inte.p12
  kollega: {}
  okant_kort:
    fil: x.p12
  utan_behorighet:
    fil: x.p12
    losenord: hemligt
""")  # fmt: skip
    (tmp_path / "x.p12").write_bytes(b"")
    problems = _problems(path, {})
    assert "kort.utgangen: miljövariabeln SAKNAS i 'fil' är inte satt" in problems
    assert f"kort.fel_utfardare: filen {tmp_path / 'finns-inte.p12'} finns inte" in problems
    assert any(p.startswith("kort.kollega: 'fil' saknas") for p in problems)
    assert any(p.startswith("okänt kort 'kort.okant_kort'") for p in problems)
    assert "kort.utan_behorighet: okänt fält 'losenord'" in problems
    assert any("MVJ_SITHS_PASSPHRASE med kortets lösenord är inte satt" in p for p in problems)
    assert all("\n" not in problem for problem in problems)


def test_protection_kind_is_checked(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
pu_skyddade:
  - {nummer: 19900909-4575, skydd: hemlig}
  - {nummer: 19781122-1824, skydd: sekretessmarkering}
""")  # fmt: skip
    problems = _problems(path, {})
    assert problems == [
        "pu_skyddade[1]: 'skydd' ska vara sekretessmarkering eller skyddad_folkbokforing"
    ]
