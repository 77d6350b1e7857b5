"""Files with and without the EICAR test string, and where the stored uploads are."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asiointi.cases.models import attachment_storage
from asiointi.payments.tests import conftest as payments
from asiointi.testing.clamd import EICAR
from asiointi.testing.fixtures import PDF_BYTES, PNG_BYTES

# A valid PDF with the EICAR string in a comment line: a scanner must look inside the file.
INFECTED_PDF = PDF_BYTES.replace(b"trailer", b"%" + EICAR + b"\ntrailer")
INFECTED_PNG = PNG_BYTES + EICAR


def infected_pdf(name: str = "budjetti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, INFECTED_PDF, content_type="application/pdf")


def infected_png(name: str = "kuoppa.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, INFECTED_PNG, content_type="image/png")


def stored_files() -> list[str]:
    """Every file in the private attachment storage (cases, feedback, fees, quarantine)."""
    root = Path(attachment_storage().location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def no_stored_files_before():
    """The storage as it was when the test began (other tests of the process leave files)."""
    return stored_files()


# The payments tests' granted case with instalments waiting for a payment request.
request_call = payments.request_call
granted = payments.granted
