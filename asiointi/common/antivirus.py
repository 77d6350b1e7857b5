"""Virus scanning of uploaded and stored files, behind one interface.

ASIOINTI_ANTIVIRUS_SCANNER (settings.ANTIVIRUS_SCANNER) names the scanner:

- ``clamd``: ClamAV's daemon over its socket (ASIOINTI_CLAMD_SOCKET, or ASIOINTI_CLAMD_HOST and
  ASIOINTI_CLAMD_PORT); the one to use in production;
- ``none``: nothing is scanned (the demo; production only when an operator opts out explicitly,
  and then ``check --deploy`` warns);
- a dotted path to a class with ``scan(stream) -> ScanResult`` and ``ping()``.

A scanner that cannot give a verdict raises ``ScannerUnavailable``; callers refuse the file then,
they never store it unscanned (docs/operating.md, "Virus scanning").
"""

from dataclasses import dataclass
from functools import cache
from typing import BinaryIO

from django.conf import settings
from django.utils.module_loading import import_string

from asiointi.common import clamd

SCANNER_NONE = "none"
SCANNER_CLAMD = "clamd"


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    verdict: str  # "clean", "infected", "not_scanned"
    detail: str = ""  # the signature's name when infected


class ScannerUnavailable(Exception):
    """The scanner could not give a verdict (down, timed out, errored)."""


class NoOpScanner:
    real = False

    def scan(self, stream: BinaryIO) -> ScanResult:
        return ScanResult(clean=True, verdict="not_scanned")

    def ping(self) -> None:
        return None


class ClamdScanner:
    """ClamAV's clamd. The address is read from settings at each call, so a changed setting (or
    a test's clamd) takes effect without a restart of the cache."""

    real = True

    @staticmethod
    def address() -> clamd.ClamdAddress:
        return clamd.ClamdAddress(
            socket_path=settings.CLAMD_SOCKET,
            host=settings.CLAMD_HOST,
            port=settings.CLAMD_PORT,
            timeout=settings.CLAMD_TIMEOUT,
        )

    def scan(self, stream: BinaryIO) -> ScanResult:
        try:
            signature = clamd.instream(self.address(), stream)
        except clamd.ClamdUnavailable as error:
            raise ScannerUnavailable(str(error)) from error
        if signature is None:
            return ScanResult(clean=True, verdict="clean")
        return ScanResult(clean=False, verdict="infected", detail=signature)

    def ping(self) -> None:
        try:
            clamd.ping(self.address())
        except clamd.ClamdUnavailable as error:
            raise ScannerUnavailable(str(error)) from error


_BY_NAME = {
    SCANNER_NONE: NoOpScanner,
    SCANNER_CLAMD: ClamdScanner,
    # The module path that was the default before the names existed.
    "asiointi.common.antivirus.NoOpScanner": NoOpScanner,
    "asiointi.common.antivirus.ClamdScanner": ClamdScanner,
}


@cache
def _scanner(name: str):
    return _BY_NAME.get(name) or import_string(name)


def scanner():
    """The configured scanner (an instance)."""
    return _scanner(settings.ANTIVIRUS_SCANNER)()


def is_real(name: str) -> bool:
    """Whether the scanner named in settings actually scans (``none`` does not)."""
    return bool(getattr(_scanner(name), "real", True))


def scan(stream: BinaryIO) -> ScanResult:
    """Scan from the stream's start. Raises ``ScannerUnavailable`` when there is no verdict."""
    stream.seek(0)
    try:
        return scanner().scan(stream)
    finally:
        stream.seek(0)


def ping() -> None:
    """Raise ``ScannerUnavailable`` unless the scanner answers."""
    scanner().ping()
