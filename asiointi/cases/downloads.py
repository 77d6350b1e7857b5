"""Serving a stored attachment, the same way for the web pages and the API."""

from django.http import FileResponse

from asiointi.cases.models import Attachment
from asiointi.scanning.downloads import stored_file_response


def attachment_response(attachment: Attachment) -> FileResponse:
    """Always a download with the type decided at upload (and the name ending with that type's
    extension), never cached by shared caches; a quarantined file raises ``Gone``."""
    return stored_file_response(
        attachment.file, content_type=attachment.content_type, filename=attachment.display_name
    )
