"""Constants shared by the sign-in browser tests and their fixtures."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
# the app's database starts with these two sample articles; the editor uploads a third
SEED_FILES = ("en_2023-09-19_sample-caucasus-wire.html", "ru_2023-09-21_obrazets-novosti.html")
UPLOAD_FILE = ROOT / "data" / "sample" / "fr_2023-09-20_exemple-depeches.html"
# the provider signs in whoever is typed in; these addresses have these roles
USERS = {
    "viewer": "viewer@example.org",  # viewers = ["@example.org"]
    "editor": "editor@example.org",  # editors = ["editor@example.org"]
    "stranger": "stranger@elsewhere.net",  # on no list
}
