"""A real ClamAV daemon for the tests, with a signature database the test writes itself.

ClamAV cannot download its signatures here (and the tests must not depend on them), so clamd
starts from a directory holding only a body signature of the EICAR test string (a ``.ndb``
file: name, target type 0 = any file, offset ``*`` = anywhere, the bytes in hex). It finds the
string anywhere in a file, inside a PDF too. Debian's ``clamav-daemon`` provides /usr/sbin/clamd;
``./run test`` installs it when it is missing.

Every test's uploads are scanned by this clamd: it is the test suite's default scanner (an
autouse fixture), as in production. A test that wants another sets ``settings.ANTIVIRUS_SCANNER``.

Fixtures:

- ``clamd_server`` (session): the running daemon; ``add_signature`` teaches it a new one;
- ``clamd_scanner``: the scanner of the test is that clamd (the default; named for clarity);
- ``clamd_down``: the settings point at a clamd that was killed (its socket is left behind).
"""

import ctypes
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from asiointi.common import clamd

CLAMD = "/usr/sbin/clamd"
START_TIMEOUT_SECONDS = 60
# The EICAR anti-virus test file (eicar.org): harmless, and every scanner's test pattern.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature-NDB"


def ndb_line(name: str, body: bytes) -> str:
    return f"{name}:0:*:{body.hex()}\n"


@dataclass
class ClamdServer:
    directory: Path
    process: subprocess.Popen

    @property
    def socket_path(self) -> str:
        return str(self.directory / "clamd.sock")

    @property
    def address(self) -> clamd.ClamdAddress:
        return clamd.ClamdAddress(socket_path=self.socket_path, timeout=10)

    def log(self) -> str:
        path = self.directory / "clamd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def add_signature(self, name: str, body: bytes) -> None:
        """Write a new signature file and have clamd reload its database (as after a
        signature update); returns once clamd finds ``body``."""
        (self.directory / "db" / f"{name}.ndb").write_text(ndb_line(name, body))
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(10)
            connection.connect(self.socket_path)
            connection.sendall(b"zRELOAD\0")
            connection.recv(100)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            try:
                if clamd.instream(self.address, _Bytes(body)) is not None:
                    return
            except clamd.ClamdUnavailable:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"clamd did not load the signature {name}:\n{self.log()}")

    def stop(self, *, kill: bool = False) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            self.process.wait(timeout=15)


class _Bytes:
    def __init__(self, data: bytes):
        self._data, self._read = data, False

    def read(self, size: int) -> bytes:
        if self._read:
            return b""
        self._read = True
        return self._data


def _die_with_the_test_process() -> None:
    # PR_SET_PDEATHSIG (Linux): clamd gets SIGTERM when pytest dies, even by SIGKILL, instead of
    # staying behind on a machine shared by many test runs.
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def start_clamd(directory: Path) -> ClamdServer:
    """Start clamd in the foreground with a config and a database of its own in ``directory``."""
    if not os.access(CLAMD, os.X_OK):
        pytest.fail(f"{CLAMD} is missing: install Debian's clamav-daemon (./run test does).")
    database = directory / "db"
    database.mkdir(parents=True, exist_ok=True)
    (database / "eicar.ndb").write_text(ndb_line(EICAR_SIGNATURE, EICAR))
    config = directory / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                "Foreground yes",
                f"DatabaseDirectory {database}",
                f"LocalSocket {directory / 'clamd.sock'}",
                f"LogFile {directory / 'clamd.log'}",
                f"PidFile {directory / 'clamd.pid'}",
                # Reloads come from the tests (add_signature), not from a timer.
                "SelfCheck 0",
                "",
            ]
        )
    )
    process = subprocess.Popen(  # noqa: S603 (a fixed program, our own config)
        [CLAMD, "--config-file", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_the_test_process,
    )
    server = ClamdServer(directory=directory, process=process)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"clamd exited with {process.returncode}:\n{server.log()}")
        try:
            clamd.ping(server.address)
            return server
        except clamd.ClamdUnavailable:
            time.sleep(0.1)
    server.stop(kill=True)
    raise RuntimeError(f"clamd did not answer PING:\n{server.log()}")


@pytest.fixture(scope="session")
def clamd_server(tmp_path_factory) -> Iterator[ClamdServer]:
    server = start_clamd(tmp_path_factory.mktemp("clamd"))
    yield server
    server.stop()


def _point_at(settings, socket_path: str) -> None:
    settings.ANTIVIRUS_SCANNER = "clamd"
    settings.CLAMD_SOCKET = socket_path
    settings.CLAMD_HOST = ""
    settings.CLAMD_TIMEOUT = 10


@pytest.fixture(autouse=True)
def _uploads_are_scanned_by_the_real_clamd(settings, clamd_server) -> None:
    _point_at(settings, clamd_server.socket_path)


@pytest.fixture
def clamd_scanner(settings, clamd_server) -> ClamdServer:
    """This test's uploads are scanned by the real clamd."""
    _point_at(settings, clamd_server.socket_path)
    return clamd_server


@pytest.fixture
def clamd_down(settings, tmp_path) -> Path:
    """The scanner is configured, but its clamd was killed: the socket file is still there and
    nobody answers on it (as after a crash)."""
    server = start_clamd(tmp_path / "clamd")
    server.stop(kill=True)
    _point_at(settings, server.socket_path)
    return Path(server.socket_path)
