"""Where data lives, and the user's settings (a small JSON file, shared by the CLI, GUI and briefs)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

APP_NAME = "qiaomost"


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "qiaomost.db"


def resolve_db_path(cli_value: str | None = None) -> Path:
    """--db wins, then $QIAOMOST_DB, then the per-user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("QIAOMOST_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def config_dir() -> Path:
    env = os.environ.get("QIAOMOST_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME))


def cache_dir_for(db_path: Path) -> Path:
    """Engine caches live next to the database, so they follow it when the user switches files."""
    return db_path.parent / (db_path.name + ".cache")


@dataclass
class MatchDefaults:
    top: int = 20
    country: str = ""  # "" = the other side (CN ↔ RU)
    trl_min: int = 1
    trl_max: int = 9


@dataclass
class Settings:
    ui_language: str = ""  # "" = from the system locale
    officer_name: str = ""
    organisation: str = ""
    last_database: str = ""
    match: MatchDefaults = field(default_factory=MatchDefaults)

    @classmethod
    def load(cls) -> Settings:
        path = config_dir() / "settings.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        match = MatchDefaults(**{k: v for k, v in data.pop("match", {}).items() if k in MatchDefaults.__annotations__})
        known = {k: v for k, v in data.items() if k in cls.__annotations__}
        return cls(match=match, **known)

    def save(self) -> None:
        path = config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
