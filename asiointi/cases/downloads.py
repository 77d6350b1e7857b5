"""Serving a stored attachment, the same way for the web pages and the API."""

from django.http import FileResponse

from asiointi.cases.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """Always a download with the type decided at upload, never cached by shared caches."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.display_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
