"""Test data in bulk: published feedback as the board and Open311 lists see it."""

import datetime

from django.utils import timezone

from asiointi.catalogue.models import Service
from asiointi.feedback.constants import Publication
from asiointi.feedback.intake import new_tracking_code
from asiointi.feedback.models import Feedback


def published_feedback(count: int, *, code: str = "kirjastot") -> list[Feedback]:
    """``count`` published items of one service, the newest first: item n arrived n + 1 hours
    ago and was published n minutes ago. The original text differs from the public one."""
    service = Service.objects.get(code=code)
    now = timezone.now()
    return Feedback.objects.bulk_create(
        Feedback(
            tracking_code=new_tracking_code(),
            type="feedback",
            service=service,
            department=service.department,
            description="Alkuperäinen teksti.",
            public_description=f"Julkinen teksti {n}.",
            received_at=now - datetime.timedelta(hours=n + 1),
            published_at=now - datetime.timedelta(minutes=n),
            publication=Publication.PUBLISHED,
            publish_consent=True,
        )
        for n in range(count)
    )
