"""Old import paths of the testers' kit, kept for one release with a DeprecationWarning.

The kit moved from `gui.testkit` to `gui.testing.testkit` (docs/testing.md, "Changes"): a
suite written against the old docs keeps working and is told the new name.
"""

import importlib
import warnings
from typing import Any

REMOVED_IN = "0.3"  # the release after the one that announced the move


def forward(old: str, new: str, namespace: dict[str, Any]) -> None:
    """Make module `old` (whose globals are `namespace`) show `new`'s public names, and warn."""
    warnings.warn(
        f"{old} is deprecated and will be removed in ScaleDeck {REMOVED_IN}; import {new}",
        DeprecationWarning,
        stacklevel=3,
    )
    module = importlib.import_module(new)
    public = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
    namespace.update({name: getattr(module, name) for name in public})
    namespace["__all__"] = list(public)
