"""A name is what a reader sees: stripped, never blank, and with no character that draws nothing.

A file and the GUI's rename follow this one rule (`core.scenario.checks.unseen_characters`):
"Base\u202eenil" reads "Baseline" on screen, and "Base\u200bline" is a second "Baseline".
"""

import sys
import unicodedata
from pathlib import Path

import pytest

import core
from core.scenario.checks import BLANK_CHARACTERS, UNSEEN_CATEGORIES, unseen_characters
from core.scenario.edits import with_changes
from core.scenario.files import model_presets

DATA = Path(__file__).parents[2] / "data"


def refusal(tiny, name: str) -> list[str]:
    with pytest.raises(core.ScenarioError) as caught:
        with_changes(tiny(), {"name": name})
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Base\u200bline", "'Base\\u200bline' contains invisible characters (U+200B ZERO WIDTH SPACE)"),
        ("Base\u202eenil", "'Base\\u202eenil' contains invisible characters (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("A\u2066B\u2069", "'A\\u2066B\\u2069' contains invisible characters (U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE)"),
        ("\ufeffPlan", "'\\ufeffPlan' contains invisible characters (U+FEFF ZERO WIDTH NO-BREAK SPACE)"),
        ("Re\u00adsize", "'Re\\xadsize' contains invisible characters (U+00AD SOFT HYPHEN)"),
        ("Two\u2028lines", "'Two\\u2028lines' contains invisible characters (U+2028 LINE SEPARATOR)"),
        ("Two\nlines", "'Two\\nlines' contains control characters (U+000A)"),
        ("Tab\there", "'Tab\\there' contains control characters (U+0009)"),
        ("C\x851", "'C\\x851' contains control characters (U+0085)"),
        ("Base\u200dline", "'Base\\u200dline' contains invisible characters (U+200D ZERO WIDTH JOINER)"),
        ("a\x01b\u200bc\u202ed\u2066e", "'a\\x01b\\u200bc\\u202ed\\u2066e' contains invisible characters (U+0001, U+200B ZERO WIDTH SPACE, U+202E RIGHT-TO-LEFT OVERRIDE, ...)"),
        ("", "must not be blank"),
        ("   ", "must not be blank"),
        ("\n\t ", "must not be blank"),
    ],
)  # fmt: skip
def test_a_name_with_characters_nobody_sees_is_refused_by_code_point(tiny, name, message):
    assert refusal(tiny, name) == [f"name: {message}"]


@pytest.mark.parametrize(
    "name",
    [
        "Scale 8x, 2027 (bold)",
        "Übersicht – Plan B",
        "计划 A",
        "خطة ٢٠٢٧",
        "می\u200cخواهم",  # Persian: the non-joiner spells the word
        "👩\u200d💻 team",  # an emoji sequence: the joiner makes one picture
        "Nordic\u00a0DC",  # a no-break space is seen as a space
    ],
)
def test_names_people_write_are_kept_as_typed(tiny, name):
    assert with_changes(tiny(), {"name": name}).name == name


def test_surrounding_whitespace_is_stripped_not_refused(tiny):
    assert with_changes(tiny(), {"name": "\n  Bold plan \t"}).name == "Bold plan"


def test_the_same_rule_refuses_a_file(tmp_path, tiny):
    """A hostile file gets the refusal the GUI's rename gets."""
    path = tmp_path / "spoof.scaledeck.json"
    core.save_workbook(core.make_workbook(tiny()), path)
    path.write_text(path.read_text().replace('"Tiny"', '"Base\\u202eenil"'))
    with pytest.raises(core.ScenarioError, match=r"name: 'Base\\u202eenil' contains invisible"):
        core.load_workbook(path)


@pytest.mark.parametrize("path", sorted(DATA.glob("v*/*.scaledeck.json")), ids=str)
def test_saved_files_with_ordinary_names_still_load(path):
    assert core.load_workbook(path).names


def test_the_shipped_scenario_and_presets_have_ordinary_names():
    assert core.default_scenario().name == "Baseline"
    assert all(unseen_characters(name) == [] for name in model_presets())


def test_unseen_is_every_control_format_and_separator_character():
    """Between ASCII letters, a character is unseen exactly when its category says so."""
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        unseen = unicodedata.category(character) in UNSEEN_CATEGORIES
        expected = [character] if unseen or character in BLANK_CHARACTERS else []
        assert unseen_characters(f"a{character}b") == expected, hex(code)


@pytest.mark.parametrize("blank", ["\u3164", "\u2800", "\uffa0", "\u115f", "\u034f"])
def test_a_letter_that_draws_nothing_is_no_name(blank):
    """A Hangul filler or a blank Braille cell is a letter to Unicode and nothing on screen."""
    assert unseen_characters(f"Base{blank}line") == [blank]
    assert unseen_characters(blank) == [blank]


def test_emoji_keep_their_variation_selector():
    assert unseen_characters("Launch \u2764\ufe0f") == []
