"""Changes to a person's own account settings."""

from django.conf import settings

from asiointi.accounts.models import User


def set_preferred_language(*, user: User, language: str) -> None:
    """Remember the language a logged-in person chose, for their emails and letters too."""
    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.preferred_language = language
