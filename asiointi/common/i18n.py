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


class TranslatedText:
    """A text that staff type in up to three languages, read in the active one.

    The model has a column per language, ``<name>_fi`` (required), ``<name>_sv`` and
    ``<name>_en`` (optional, ``blank=True``); ``TranslatedText()`` as ``<name>`` on the class
    reads the active language's column and falls back to Finnish, so ``{{ service.name }}`` or
    ``decision_list.title`` are in the page's (or the letter's, the email's) language. Queries
    and writes use the columns. ``texts(obj)`` gives all three, e.g. to store in an event.
    """

    def __set_name__(self, owner, name: str) -> None:
        self.base = name

    def texts(self, obj) -> dict[str, str]:
        return {language: getattr(obj, f"{self.base}_{language}") for language in SUPPORTED}

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return pick(self.texts(obj))


def texts_of(obj, name: str) -> dict[str, str]:
    """``{"fi": …, "sv": …, "en": …}`` of a ``TranslatedText`` ``name`` of ``obj``."""
    return getattr(type(obj), name).texts(obj)


class TranslatedNameMixin:
    """For models with ``name_fi``, ``name_sv`` and ``name_en`` columns."""

    name = TranslatedText()
