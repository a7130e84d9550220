"""User preferences (author, entity, defaults, recent files) in the user's config folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.paths import user_config_dir

MAX_RECENT = 10


@dataclass
class Preferences:
    """What the user set once and expects remembered."""

    author: str = ""
    entity: str = ""
    default_template: str = "meeting-paper"
    default_page_size: str = "Letter"
    recent_files: list[str] = field(default_factory=list)
    last_sections: dict[str, str] = field(default_factory=dict)
    window: dict[str, Any] = field(default_factory=dict)

    def remember_file(self, path: Path) -> None:
        """Put path first in the recent files."""
        text = str(path.resolve())
        self.recent_files = [text] + [p for p in self.recent_files if p != text]
        del self.recent_files[MAX_RECENT:]


def preferences_path() -> Path:
    """Return where preferences are stored."""
    return user_config_dir() / "preferences.json"


def load() -> Preferences:
    """Read preferences; a missing or malformed file gives the defaults."""
    try:
        data = json.loads(preferences_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    known = {f.name: f for f in fields(Preferences)}
    prefs = Preferences()
    for key, value in data.items():
        default = getattr(prefs, key, None)
        if key in known and isinstance(value, type(default)):
            setattr(prefs, key, value)
    return prefs


def save(prefs: Preferences) -> None:
    """Write preferences atomically."""
    path = preferences_path()
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(asdict(prefs), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temp, path)
