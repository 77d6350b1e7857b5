"""Checking an uploaded file before it is stored: size, real content type, name, hash, viruses.

The content type is decided from the bytes (puremagic), never from the name or the browser's
claim, so an executable renamed to .pdf is refused, and the name shown and served ends with the
extension of the detected type (a PDF sent as evil.html is served as evil.pdf). Every upload
path calls ``check_upload`` before it stores anything: an infected file is refused with an audit
row, and when the virus scanner cannot answer the file is refused too, never stored unscanned.
"""

import hashlib
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from asiointi.common import antivirus
from asiointi.common.errors import ValidationFailed
from asiointi.scanning.services import upload_refused_record

logger = logging.getLogger(__name__)

# Extension puremagic reports → the content type we store and serve.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".tif": "image/tiff",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
}
_ALIASES = {".jpeg": ".jpg", ".jfif": ".jpg", ".tiff": ".tif"}
_OOXML = {"word/": ".docx", "xl/": ".xlsx", "ppt/": ".pptx"}
_ODF = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


@dataclass(frozen=True)
class CheckedFile:
    display_name: str
    content_type: str
    size: int
    sha256: str
    scan_verdict: str
    extension: str  # of the detected type, with its dot: ".pdf"

    def storage_name(self, stem: str) -> str:
        """A stored file's name: ``stem`` (never the user's file name) and the type's extension."""
        return stem + self.extension


def sanitise_filename(name: str) -> str:
    """Keep a readable name for display: no path, no control characters, at most 150 chars."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "_", name).strip(" .")
    if len(name) > 150:
        stem, dot, extension = name.rpartition(".")
        name = (stem[:140] + dot + extension[:9]) if dot else name[:150]
    return name or _("attachment")


def with_extension(name: str, extension: str) -> str:
    """``name`` ending with ``extension`` (an ALLOWED_TYPES key): kept when it already ends with
    it or an alias (report.PDF, photo.jpeg), else the last extension is replaced or one added."""
    stem, dot, current = name.rpartition(".")
    current = "." + current.lower()
    if dot and _ALIASES.get(current, current) == extension:
        return name
    return (stem if dot and stem else name) + extension


def _sniff(upload: UploadedFile, head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip_office(upload)
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    for match in matches:
        extension = _ALIASES.get(match.extension.lower(), match.extension.lower())
        if extension in ALLOWED_TYPES and extension not in (
            ".docx",
            ".xlsx",
            ".pptx",
            ".odt",
            ".ods",
        ):
            return extension
    return None


def _sniff_zip_office(upload: UploadedFile) -> str | None:
    # Office Open XML and OpenDocument files are zip archives; look inside to tell them apart
    # from any other zip (which is not allowed).
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for prefix, extension in _OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return extension
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


class UnsupportedFileType(ValidationFailed):
    """The file is none of the accepted types. A caller that accepts fewer types (photos only)
    catches it to name its own."""


def check_upload(upload: UploadedFile, *, actor=None, purpose: str = "") -> CheckedFile:
    """Check a file before it is stored; raise ``ValidationFailed`` (with a message in the
    active language) if it must be refused. ``actor`` (None: anonymous) and ``purpose`` (what
    the file is for, e.g. ``case_attachment``) go to the audit row of an infected file."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationFailed(
            _("The file is too large (%(size)s). The largest allowed size is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            {"file": []},
        )
    if upload.size == 0:
        raise ValidationFailed(_("The file is empty."), {"file": []})
    upload.seek(0)
    head = upload.read(8192)
    extension = _sniff(upload, head)
    if extension is None:
        raise UnsupportedFileType(
            _(
                "This type of file is not accepted. Send a PDF, an image (JPEG, PNG, GIF, TIFF, "
                "WebP) or an office document (Word, Excel, PowerPoint, OpenDocument)."
            ),
            {"file": []},
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    display_name = with_extension(sanitise_filename(upload.name or ""), extension)
    try:
        result = antivirus.scan(upload)
    except antivirus.ScannerUnavailable as error:
        logger.error("Upload refused, the virus scanner is unavailable: %s", error)
        raise ValidationFailed(
            _(
                "Virus scanning is not available right now, so the file was not saved. "
                "Try again later."
            ),
            {"file": []},
        ) from error
    if not result.clean:
        upload_refused_record(
            actor=actor,
            purpose=purpose,
            file_name=display_name,
            size=upload.size,
            sha256=digest.hexdigest(),
            signature=result.detail,
        )
        raise ValidationFailed(
            _(
                "The file %(name)s contains a virus or other malware (%(signature)s), so it was "
                "not saved. Check your device with an up-to-date virus scanner."
            )
            % {"name": display_name, "signature": result.detail},
            {"file": []},
        )
    return CheckedFile(
        display_name=display_name,
        content_type=ALLOWED_TYPES[extension],
        size=upload.size,
        sha256=digest.hexdigest(),
        scan_verdict=result.verdict,
        extension=extension,
    )


class StoredFiles:
    """Remembers files written to storage and deletes them if the block fails.

    Use outside the ``transaction.atomic`` block: when the transaction rolls back, the rows are
    gone, and so must the files be.
    """

    def __init__(self):
        self._files = []

    def add(self, field_file) -> None:
        self._files.append((field_file.storage, field_file.name))

    def __enter__(self) -> "StoredFiles":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is not None:
            for storage, name in self._files:
                storage.delete(name)
