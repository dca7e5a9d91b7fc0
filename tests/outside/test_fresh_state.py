"""Each test starts as a fresh process: what one leaves behind never reaches the next.

The two tests run in this order (pytest keeps a file's order): the first leaves the
dark theme, presentation mode, a setting and two windows open; the second sees none.
"""

from pathlib import Path

from PySide6.QtWidgets import QApplication

from gui.settings import recent_files, remember_file
from gui.style.appearance import appearance
from gui.testing.testkit import trigger


def test_1_leaves_dark_presentation_and_open_windows(scaledeck_window, tmp_path):
    window = scaledeck_window
    trigger(window, "themeDarkAction")
    trigger(window, "presentationAction")
    trigger(window, "forkAction")
    window.show_compare()
    window.show_analysis()
    saved = tmp_path / "plan.scaledeck.json"
    assert window.files.save_to(saved)  # remembered in the recent files
    assert recent_files() == [str(saved.resolve())]
    assert (appearance().theme.name, appearance().scale) == ("dark", 1.45)


def test_2_starts_light_at_desk_scale_with_nothing_else_open(scaledeck_window):
    look = appearance()
    assert (look.preference, look.theme.name, look.scale) == ("system", "light", 1.0)
    assert not scaledeck_window.presentation.active
    assert recent_files() == []
    others = [
        w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not scaledeck_window
    ]
    assert others == []
    assert scaledeck_window.document.book.names == ["Baseline"]


def test_3_a_setting_made_now_is_read_back_in_the_same_test(scaledeck_window):
    remember_file(Path(__file__))
    assert recent_files() == [str(Path(__file__).resolve())]
