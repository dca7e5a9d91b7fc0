"""A child process's environment for tests that run ScaleDeck in a process of its own."""

from pathlib import Path


def offscreen_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Offscreen Qt, its own data folder and nothing else of the user's (`extra` added)."""
    return {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "SCALEDECK_DATA_DIR": str(data_dir),
        **extra,
    }
