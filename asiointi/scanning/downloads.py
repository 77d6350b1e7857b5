"""Serving a stored upload: the one way a view hands out a file from the attachment storage.

A quarantined file is refused with ``Gone`` (410, with a message in the user's language), which
the web pages and the API map to HTTP like their other errors.
"""

from django.http import FileResponse
from django.utils.translation import gettext as _

from asiointi.common.errors import Gone
from asiointi.scanning.models import QuarantinedFile


def refuse_if_quarantined(field_file) -> None:
    if QuarantinedFile.objects.filter(stored_name=field_file.name).exists():
        raise Gone(
            _(
                "This file was found to contain a virus or other malware and has been "
                "quarantined, so it cannot be downloaded. Contact the city if you need it."
            )
        )


def stored_file_response(
    field_file, *, content_type: str, filename: str = "", inline: bool = False
) -> FileResponse:
    """The file with the content type decided at upload, never sniffed, never cached by
    shared caches. A download (``attachment``) unless ``inline``."""
    refuse_if_quarantined(field_file)
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type,
    )
    if inline:
        response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
