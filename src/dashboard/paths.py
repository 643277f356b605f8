"""Where the project's knowledge files and default database live.

Knowledge (gazetteer, cue words, speakers) is data under `data/`, not code, so that a new
language is a new file. `DASHBOARD_DATA_DIR` points elsewhere for a deployment that keeps
its own lists.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return Path(os.environ.get("DASHBOARD_DATA_DIR") or PROJECT_ROOT / "data")


def default_db() -> str:
    return os.environ.get("DASHBOARD_DB") or str(data_dir() / "dashboard.duckdb")
