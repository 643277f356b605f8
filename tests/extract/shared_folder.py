"""Where ../shared is (real articles, their annotations, the project's scorer), and what a
test does without it: skip with the reason, or fail in CI, which always has it.

Nothing from there is copied into the repository; DASHBOARD_SHARED points elsewhere (a git
worktree, whose parent folder has no shared/ beside it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("DASHBOARD_SHARED") or Path(__file__).resolve().parents[3] / "shared")


def require(*paths: Path) -> None:
    """Skip (fail in CI) unless every path exists."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"../shared is missing in CI: {', '.join(missing)}")
        pytest.skip(f"../shared not found: {', '.join(missing)} (DASHBOARD_SHARED may point to it)")
