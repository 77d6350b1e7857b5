"""Virus scanning interface. The default scanner accepts everything; a real one (e.g. ClamAV over
its socket) implements ``scan`` and is named in ASIOINTI_ANTIVIRUS_SCANNER."""

from dataclasses import dataclass
from functools import cache
from typing import BinaryIO

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    verdict: str  # "clean", "infected", "not_scanned"
    detail: str = ""


class NoOpScanner:
    def scan(self, stream: BinaryIO) -> ScanResult:
        return ScanResult(clean=True, verdict="not_scanned")


@cache
def _scanner(path: str):
    return import_string(path)()


def scan(stream: BinaryIO) -> ScanResult:
    return _scanner(settings.ANTIVIRUS_SCANNER).scan(stream)
