"""Old import paths of the testers' kit, kept for one release with a DeprecationWarning.

The kit moved from `gui.testkit` to `gui.testing.testkit`, and the editable tables from
`gui.views.tables` to `gui.editors` (docs/testing.md, "Changes"): a suite written against
the old paths keeps working and is told the new name, at its own import line.
"""

import importlib
import sys
import warnings
from pathlib import Path
from types import FrameType
from typing import Any

REMOVED_IN = "0.3"  # the release after the one that announced the move
# Frames between an old module's body and the line that imported it: Python's import
# system, and pytest's assertion rewriting, which imports every module of a distribution
# that provides a pytest plugin (ScaleDeck's does).
IMPORT_MACHINERY = ("importlib._bootstrap", str(Path("_pytest", "assertion", "rewrite.py")))


def forward(old: str, new: str, namespace: dict[str, Any], advice: str = "") -> None:
    """Make module `old` (whose globals are `namespace`) show `new`'s public names, and warn.

    The warning says what to do (`advice`, else "import `new`") and points at the suite's
    import line, so a `filterwarnings` naming the suite's module matches it (it pointed at
    pytest's rewrite.py).
    """
    said = advice or f"import {new}"
    message = f"{old} is deprecated and will be removed in ScaleDeck {REMOVED_IN}; {said}"
    importer = _importer(sys._getframe(1))
    if importer is None:
        warnings.warn(message, DeprecationWarning, stacklevel=3)
    else:
        where = importer.f_globals
        warnings.warn_explicit(
            message,
            DeprecationWarning,
            importer.f_code.co_filename,
            importer.f_lineno,
            module=where.get("__name__"),
            registry=where.setdefault("__warningregistry__", {}),
        )
    module = importlib.import_module(new)
    public = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
    namespace.update({name: getattr(module, name) for name in public})
    namespace["__all__"] = list(public)


def _importer(old_module_body: FrameType) -> FrameType | None:
    """The frame of the line that imported the old module: past the import machinery."""
    frame = old_module_body.f_back
    while frame is not None and any(m in frame.f_code.co_filename for m in IMPORT_MACHINERY):
        frame = frame.f_back
    return frame
