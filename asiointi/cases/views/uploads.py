"""Adding the file a form posted as an attachment, the same way on every page that takes one."""

from django.contrib import messages
from django.utils.translation import gettext as _

from asiointi.cases.services.attachments import attachment_add
from asiointi.common.errors import DomainError, ValidationFailed


def add_posted_file(request, case, *, required: bool = True, from_staff: bool = False) -> bool:
    """Store ``request.FILES["file"]`` with the posted ``kind``; tell the user how it went.

    Returns True when an attachment was stored. With ``required=False`` a missing file is not an
    error (a form where attaching is optional).
    """
    upload = request.FILES.get("file")
    if upload is None:
        if required:
            messages.error(request, _("Choose a file to upload."))
        return False
    try:
        attachment = attachment_add(
            actor=request.user,
            case=case,
            upload=upload,
            kind=request.POST.get("kind", ""),
            from_staff=from_staff,
        )
    except (ValidationFailed, DomainError) as error:
        messages.error(request, error.message)
        return False
    messages.success(
        request,
        _("The attachment “%(name)s” has been added.") % {"name": attachment.display_name},
    )
    return True
