"""Finding things by objectName for the kit, and naming the ones that exist when a name is wrong.

Widgets come first, then actions, timers and other QObjects, then the items drawn in a
chart's scene (`promiseLine0`): pyqtgraph's items are QObjects with names, but they hang
from a scene, not from the window, so `QObject.findChild` never reaches them.
"""

import difflib
import re
import warnings
from collections.abc import Iterable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QGraphicsObject, QGraphicsView, QWidget

from core.scenario.schema import InHouseModel
from gui.controls.sliders import name_keys, numbered

SUGGESTED = 3  # names offered when one is not found
MODEL_PREFIXES = ("modelEnabled_", "modelFromYear_")  # objectNames ending in a model's key


def object_named(window: QWidget, name: str) -> QObject | None:
    """The widget called `name` under `window`, else its other QObject, else its scene item."""
    found: QObject | None = window.findChild(QWidget, name)
    if found is None:
        found = window.findChild(QObject, name)
    if found is None:
        found = next((i for i in scene_items(window) if i.objectName() == name), None)
    if found is None:
        found = _renamed_model_control(window, name)
    return found


def _renamed_model_control(window: QWidget, name: str) -> QWidget | None:
    """The model row's control called `name` by the old rule (ASCII letters only), warned.

    Its key dropped them ("Modèle" read `Mod_le`, "小模型" nothing): the old name finds
    the control until 0.3, with a DeprecationWarning naming the new one.
    """
    prefix = next((p for p in MODEL_PREFIXES if name.startswith(p)), None)
    document = getattr(window, "document", None)
    if prefix is None or document is None:
        return None
    names = [m.name for m in document.scenario.models if isinstance(m, InHouseModel)]
    for old, new in zip(_ascii_keys(names), name_keys(names), strict=True):
        if old != new and name == prefix + old:
            warnings.warn(
                f"{name} is deprecated and will be removed in ScaleDeck 0.3: model names keep "
                f"their letters outside ASCII now; use {prefix + new}",
                DeprecationWarning,
                stacklevel=4,  # past find: the suite's call of find or set_control
            )
            return window.findChild(QWidget, prefix + new)
    return None


def _ascii_keys(names: list[str]) -> list[str]:
    """The keys `name_keys` gave while it kept only ASCII letters and digits."""
    return numbered([re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_") for name in names])


def scene_items(window: QWidget) -> list[QGraphicsObject]:
    """The named QGraphicsObjects drawn in the graphics views under `window` (charts' items)."""
    items: list[QGraphicsObject] = []
    for view in window.findChildren(QGraphicsView):
        scene = view.scene()
        if scene is not None:
            items += [i for i in scene.items() if isinstance(i, QGraphicsObject) and i.objectName()]
    return items


def names_under(window: QWidget) -> set[str]:
    """Every objectName `find` reaches in `window` (Qt's own `qt_` names left out)."""
    objects: list[QObject] = [*window.findChildren(QObject), *scene_items(window)]
    return {o.objectName() for o in objects if o.objectName() and not _qt_own(o.objectName())}


def did_you_mean(name: str, names: Iterable[str]) -> str:
    """The hint "; did you mean 'scaleSlider'?": names alike but for case, holding it, or close.

    Empty when nothing comes close, so a message never lists names at random.
    """
    known = sorted(set(names))
    wanted = name.casefold()
    same = [n for n in known if n.casefold() == wanted]
    holding = sorted((n for n in known if wanted and wanted in n.casefold()), key=len)
    by_case = {n.casefold(): n for n in known}
    close = difflib.get_close_matches(wanted, list(by_case), n=SUGGESTED, cutoff=0.6)
    picks = list(dict.fromkeys([*same, *holding, *(by_case[c] for c in close)]))[:SUGGESTED]
    if not picks:
        return ""
    return f"; did you mean {' or '.join(repr(p) for p in picks)}?"


def _qt_own(name: str) -> bool:
    """Names Qt gives its own parts (`qt_scrollarea_viewport`): never a tester's."""
    return name.startswith("qt_")
