"""A stand-in for the OIDC provider's userinfo endpoint, for the API's bearer-token tests and demos.

It knows a fixed set of access tokens, each mapped to the claims the real provider would return
(``sub``, names, email, the personal identity code). Endpoints:

- ``GET /userinfo`` with ``Authorization: Bearer <token>``: the claims as JSON, or 401;
- ``GET /.well-known/openid-configuration``: the discovery document pointing at the above;
- ``GET /jwks``: an empty key set (the API never checks ID tokens).

Run it alone with ``python -m simulators.oidc_provider [port]``; a test starts it in a thread with
``start()`` on a free port of 127.0.0.1.
"""

import json
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEMO_TOKENS = {
    "demo-token-aino": {
        "sub": "aino-0001",
        "given_name": "Aino",
        "family_name": "Asukas",
        "email": "aino@example.com",
        "national_id": "131052-308T",
    },
}


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/userinfo":
            self._userinfo()
        elif self.path == "/.well-known/openid-configuration":
            base = self.server.base_url
            self._json(
                200,
                {
                    "issuer": base,
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                },
            )
        elif self.path == "/jwks":
            self._json(200, {"keys": []})
        else:
            self._json(404, {"error": "not_found"})

    def _userinfo(self) -> None:
        self.server.requests_seen += 1
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        claims = self.server.tokens.get(token) if scheme.lower() == "bearer" else None
        if claims is None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Bearer error="invalid_token"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._json(200, claims)

    def _json(self, status: int, body: dict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's signature)
        if self.server.verbose:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    tokens: dict[str, dict]
    requests_seen: int = 0
    verbose: bool = False

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


@dataclass
class RunningProvider:
    server: _Server
    thread: threading.Thread

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def userinfo_url(self) -> str:
        return f"{self.base_url}/userinfo"

    @property
    def requests_seen(self) -> int:
        return self.server.requests_seen

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def make_server(tokens: dict[str, dict], host: str = "127.0.0.1", port: int = 0) -> _Server:
    server = _Server((host, port), _Handler)
    server.tokens = dict(tokens)
    return server


def start(tokens: dict[str, dict] | None = None, host: str = "127.0.0.1") -> RunningProvider:
    """Serve in a daemon thread on a free port; call ``stop()`` when done."""
    server = make_server(DEMO_TOKENS if tokens is None else tokens, host)
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    return RunningProvider(server, thread)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    port = int(argv[0]) if argv else 8765
    server = make_server(DEMO_TOKENS, port=port)
    server.verbose = True
    print(
        f"OIDC provider simulator on {server.base_url} (userinfo: {server.base_url}/userinfo)",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
