"""A small client for ClamAV's scanning daemon (clamd), over its Unix or TCP socket.

It speaks clamd's documented protocol (clamd(8), "COMMANDS"): the ``z`` prefix makes every
command and answer end with a NUL byte; ``zINSTREAM`` sends the file as chunks, each preceded by
its length as a 4-byte big-endian integer, and a zero-length chunk ends the stream. clamd
answers ``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR`` (for instance
``INSTREAM size limit exceeded. ERROR`` when the file is over clamd's StreamMaxLength).

Written here rather than taken from PyPI: the protocol is these few lines, and the caller needs
exact timeouts and a clear split between "infected", "clean" and "the scanner could not answer"
(every failure to get a verdict is ``ClamdUnavailable``: an upload is then refused, never stored
unscanned).
"""

import socket
import struct
from dataclasses import dataclass
from typing import BinaryIO

CHUNK_SIZE = 64 * 1024


class ClamdUnavailable(Exception):
    """clamd did not give a verdict: not running, timed out, refused the stream, or errored."""


@dataclass(frozen=True)
class ClamdAddress:
    """Where clamd listens: a Unix socket path, or a TCP host and port."""

    socket_path: str = ""
    host: str = ""
    port: int = 3310
    timeout: float = 30.0

    def __str__(self) -> str:
        return self.socket_path or f"{self.host}:{self.port}"


def _connect(address: ClamdAddress) -> socket.socket:
    try:
        if address.socket_path:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(address.timeout)
            connection.connect(address.socket_path)
        else:
            connection = socket.create_connection(
                (address.host, address.port), timeout=address.timeout
            )
            connection.settimeout(address.timeout)
    except OSError as error:
        raise ClamdUnavailable(f"cannot connect to clamd at {address}: {error}") from error
    return connection


def _read_answer(connection: socket.socket) -> str:
    answer = b""
    while not answer.endswith(b"\0"):
        part = connection.recv(4096)
        if not part:
            break
        answer += part
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()


def _command(address: ClamdAddress, command: bytes) -> str:
    try:
        with _connect(address) as connection:
            connection.sendall(b"z" + command + b"\0")
            return _read_answer(connection)
    except OSError as error:  # timeouts included
        raise ClamdUnavailable(f"clamd at {address} did not answer: {error}") from error


def ping(address: ClamdAddress) -> None:
    """Raise ``ClamdUnavailable`` unless clamd answers PONG."""
    answer = _command(address, b"PING")
    if answer != "PONG":
        raise ClamdUnavailable(f"clamd at {address} answered {answer!r} to PING")


def version(address: ClamdAddress) -> str:
    """E.g. ``ClamAV 1.4.3/27000/Mon Dec  7 08:00:00 2026`` (engine/database version/date)."""
    return _command(address, b"VERSION")


def instream(address: ClamdAddress, stream: BinaryIO) -> str | None:
    """Scan the stream's bytes from its current position. Returns the name of the signature
    found, or None when the file is clean; raises ``ClamdUnavailable`` for anything else."""
    try:
        with _connect(address) as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK_SIZE):
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            answer = _read_answer(connection)
    except OSError as error:  # timeouts and a connection closed by clamd (size limit) included
        raise ClamdUnavailable(f"clamd at {address} did not finish the scan: {error}") from error
    if answer == "stream: OK":
        return None
    if answer.startswith("stream: ") and answer.endswith(" FOUND"):
        return answer.removeprefix("stream: ").removesuffix(" FOUND")
    raise ClamdUnavailable(f"clamd at {address} answered {answer!r}")
