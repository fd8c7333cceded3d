"""The speaker registry as the engine reads it: plain data, no Django (see service.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DatedRole:
    role: str
    organisation: str = ""
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


@dataclass(frozen=True)
class KnownSpeaker:
    id: int
    name: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    role: str = ""
    organisation: str = ""
    roles: tuple[DatedRole, ...] = ()
