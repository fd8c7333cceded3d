"""Statement suggestions: find candidate statements, their speakers and stances in an article."""

from .engine import DatedRole, KnownSpeaker, Suggestion, suggest

__all__ = ["DatedRole", "KnownSpeaker", "Suggestion", "suggest"]
