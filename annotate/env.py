"""Typed readers for settings that come from the environment; bad values fail loudly."""

import os
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

LOCAL_ENV_FILE = Path(__file__).resolve().parent.parent / ".env"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

Default = TypeVar("Default", int, None)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0 or true/false, not {raw!r}.")


def env_int(name: str, default: Default) -> int | Default:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_env_file() -> None:
    """Read the local env file (`make run` writes `.env`); variables already set win.

    `ENV_FILE` names another file; `ENV_FILE=` (empty) reads none.
    """
    path = os.environ.get("ENV_FILE", str(LOCAL_ENV_FILE))
    if path:
        load_dotenv(path, override=False)
