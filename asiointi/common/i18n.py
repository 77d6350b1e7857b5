"""Helpers for content kept in the three official languages of the platform (fi, sv, en)."""

from django.utils.translation import get_language

SUPPORTED = ("fi", "sv", "en")


def current_language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in SUPPORTED else "fi"


def pick(texts: dict | str | None, language: str | None = None) -> str:
    """Choose the text for the active language from a ``{"fi": …, "sv": …, "en": …}`` dict.

    Falls back to Finnish, then to any text, so a missing translation never shows an empty label.
    """
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    language = language or current_language()
    return texts.get(language) or texts.get("fi") or next(iter(texts.values()), "")


class TranslatedNameMixin:
    """For models with ``name_fi``, ``name_sv`` and ``name_en`` columns."""

    @property
    def name(self) -> str:
        return pick({"fi": self.name_fi, "sv": self.name_sv, "en": self.name_en})
