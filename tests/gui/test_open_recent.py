"""Open Recent shows each file so it can be told apart and read as it is named.

"R&D plan.scaledeck.json" showed as "RD plan" with the D underlined (a mnemonic), and two
"plan.scaledeck.json" from two folders looked the same; the full path is each one's tip.
"""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

import core
from gui.commands.table import recent_labels
from gui.settings import settings


@pytest.mark.parametrize(
    ("names", "labels"),
    [
        (["/a/R&D plan.json"], ["R&&D plan.json"]),
        (["/a/Q3/plan.json", "/a/Q4/plan.json"], ["plan.json — Q3/", "plan.json — Q4/"]),
        (  # the folders' names differ further up: as many as it takes
            ["/x/Q3/plan.json", "/y/Q3/plan.json", "/y/Q4/plan.json", "/y/Q4/other.json"],
            ["plan.json — x/Q3/", "plan.json — y/Q3/", "plan.json — Q4/", "other.json"],
        ),
        (["/plan.json", "/x/plan.json"], ["plan.json — /", "plan.json — x/"]),
        (["/R&D/plan.json", "/Ops/plan.json"], ["plan.json — R&&D/", "plan.json — Ops/"]),
    ],
)
def test_a_label_is_the_name_and_the_folders_that_tell_it_apart(names, labels):
    assert recent_labels(names) == labels


def test_the_menu_shows_each_file_as_named_with_its_path_as_its_tip(window, tmp_path):
    files = [tmp_path / "R&D plan.scaledeck.json"]
    files += [tmp_path / quarter / "plan.scaledeck.json" for quarter in ("Q3", "Q4")]
    for path in files:
        path.parent.mkdir(exist_ok=True)
        core.save_workbook(core.make_workbook(core.default_scenario()), path)
    settings().setValue("files/recent", [str(path) for path in files])

    menu = window.findChild(QMenu, "recentMenu")
    menu.aboutToShow.emit()
    actions = menu.actions()
    assert [a.iconText() for a in actions] == [  # what the menu shows, mnemonics taken out
        "1 R&D plan.scaledeck.json",
        "2 plan.scaledeck.json — Q3/",
        "3 plan.scaledeck.json — Q4/",
    ]
    assert [a.toolTip() for a in actions] == [str(path) for path in files]
    assert [a.statusTip() for a in actions] == [str(path) for path in files]
    assert menu.toolTipsVisible()
    actions[2].trigger()
    assert window.files.path == Path(files[2])
