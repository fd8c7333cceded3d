"""Statement suggestions: find candidate statements, their speakers and stances in an article."""

from .engine import Suggestion, suggest
from .registry import DatedRole, KnownSpeaker

__all__ = ["DatedRole", "KnownSpeaker", "Suggestion", "suggest"]
