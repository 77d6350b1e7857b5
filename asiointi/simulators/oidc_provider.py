"""An OpenID Connect provider over HTTP, for tests and demos: the city's broker in front of
Suomi.fi e-Identification (residents), or the city's directory (staff: Entra ID, Keycloak).

It speaks the authorization code flow as mozilla-django-oidc uses it:

- ``GET /.well-known/openid-configuration``: the discovery document;
- ``GET /authorize``: a page where the tester picks who logs in (one button per person), or, when
  ``auto_login`` names a person, an immediate redirect; ``POST /authorize`` (the button) redirects
  back to ``redirect_uri`` with ``code`` and ``state``;
- ``POST /token``: the code (once, for the same client and ``redirect_uri``) for an access token
  and an RS256-signed ID token carrying ``iss``, ``aud``, ``sub``, ``nonce``, ``acr`` and the
  person's claims;
- ``GET /userinfo`` with ``Authorization: Bearer <token>``: the claims as JSON, or 401. Fixed
  tokens (``tokens``) answer here too, for the API's bearer-token tests;
- ``GET /jwks``: the public signing key;
- ``GET /end_session``: RP-initiated logout; records the call (``logouts``) and redirects to
  ``post_logout_redirect_uri`` with ``state``.

Run it alone with ``python -m asiointi.simulators.oidc_provider [port] [resident|staff]``; a test
starts it in a thread with ``start()`` on a free port of 127.0.0.1.
"""

import copy
import html
import json
import secrets
import sys
import threading
import time
from base64 import b64decode
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

SUOMI_FI_LOA_SUBSTANTIAL = "http://ftn.ficora.fi/2017/loa2"
SUOMI_FI_LOA_HIGH = "http://ftn.ficora.fi/2017/loa3"

# Fixed bearer tokens (the API's tests): token → claims.
DEMO_TOKENS = {
    "demo-token-aino": {
        "sub": "aino-0001",
        "given_name": "Aino",
        "family_name": "Asukas",
        "email": "aino@example.com",
        "national_id": "131052-308T",
        # The level of the identification the token was issued for (Suomi.fi: loa3 = high).
        "acr": "http://ftn.ficora.fi/2017/loa3",
    },
}

# People who can log in, by the key the /authorize page posts: residents as the Suomi.fi broker
# describes them (the personal identity code in ``national_id``, the level of assurance in
# ``acr``), staff as the directory does (a stable object id, email, groups).
RESIDENTS = {
    "aino": {
        "sub": "suomifi-aino-0001",
        "given_name": "Aino",
        "family_name": "Asukas",
        "email": "aino@example.com",
        "national_id": "131052-308T",
        "acr": SUOMI_FI_LOA_HIGH,
    },
}
STAFF = {
    "kaisa": {
        "sub": "entra-kaisa",
        "oid": "2d1f6b0e-5c1a-4c8e-9a43-6b0f1f0c0001",
        "given_name": "Kaisa",
        "family_name": "Käsittelijä",
        "email": "kaisa.kasittelija@example.fi",
        "groups": ["asiointi-kulttuuri-kasittelijat"],
    },
}
ID_TOKEN_SECONDS = 600


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path, _, query = self.path.partition("?")
        params = {key: values[0] for key, values in parse_qs(query).items()}
        if path == "/userinfo":
            self._userinfo()
        elif path == "/.well-known/openid-configuration":
            self._json(200, self.server.discovery())
        elif path == "/jwks":
            self._json(200, {"keys": [self.server.public_jwk()]})
        elif path == "/authorize":
            self._authorize_page(params)
        elif path == "/end_session":
            self._end_session(params)
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if self.path == "/authorize":
            self._authorize_approve(form)
        elif self.path == "/token":
            self._token(form)
        else:
            self._json(404, {"error": "not_found"})

    # -- the authorization endpoint --------------------------------------------------------------

    def _authorize_error(self, params: dict) -> str | None:
        if params.get("client_id") != self.server.client_id:
            return "unknown client_id"
        if params.get("response_type") != "code":
            return "response_type must be code"
        if not params.get("redirect_uri", "").startswith(("http://", "https://")):
            return "redirect_uri missing"
        if not params.get("state"):
            return "state missing"
        return None

    def _authorize_page(self, params: dict) -> None:
        error = self._authorize_error(params)
        if error:
            self._html(400, f"<p>{html.escape(error)}</p>")
            return
        if self.server.auto_login:
            self._authorize_approve({**params, "user": self.server.auto_login})
            return
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items()
        )
        buttons = "".join(
            f'<button type="submit" name="user" value="{html.escape(key)}">'
            f"{html.escape(claims.get('given_name', ''))} "
            f"{html.escape(claims.get('family_name', ''))}</button>"
            for key, claims in self.server.users.items()
        )
        self._html(
            200,
            f"<h1>{html.escape(self.server.title)}</h1>"
            f'<form method="post" action="/authorize">{hidden}{buttons}</form>',
        )

    def _authorize_approve(self, form: dict) -> None:
        error = self._authorize_error(form)
        claims = self.server.users.get(form.get("user", ""))
        if error or claims is None:
            self._html(400, f"<p>{html.escape(error or 'unknown user')}</p>")
            return
        code = secrets.token_urlsafe(24)
        self.server.codes[code] = {
            "claims": claims,
            "nonce": form.get("nonce"),
            "redirect_uri": form["redirect_uri"],
            "client_id": form["client_id"],
        }
        self._redirect(form["redirect_uri"], {"code": code, "state": form["state"]})

    # -- the token endpoint ----------------------------------------------------------------------

    def _client_credentials(self, form: dict) -> tuple[str, str]:
        scheme, _, value = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "basic":
            client_id, _, secret = b64decode(value).decode().partition(":")
            return client_id, secret
        return form.get("client_id", ""), form.get("client_secret", "")

    def _token(self, form: dict) -> None:
        client_id, secret = self._client_credentials(form)
        if (client_id, secret) != (self.server.client_id, self.server.client_secret):
            self._json(401, {"error": "invalid_client"})
            return
        grant = self.server.codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["client_id"] != client_id
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            self._json(400, {"error": "invalid_grant"})
            return
        access_token = secrets.token_urlsafe(24)
        self.server.tokens[access_token] = grant["claims"]
        now = int(time.time())
        id_token = self.server.sign(
            {
                **grant["claims"],
                "iss": self.server.base_url,
                "aud": client_id,
                "iat": now,
                "exp": now + ID_TOKEN_SECONDS,
                "nonce": grant["nonce"],
            }
        )
        self.server.id_tokens[id_token] = grant["claims"]
        self._json(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": ID_TOKEN_SECONDS,
                "id_token": id_token,
            },
        )

    # -- userinfo and logout ---------------------------------------------------------------------

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

    def _end_session(self, params: dict) -> None:
        claims = self.server.id_tokens.get(params.get("id_token_hint", ""))
        self.server.logouts.append(
            {
                "sub": claims["sub"] if claims else None,
                "post_logout_redirect_uri": params.get("post_logout_redirect_uri"),
                "client_id": params.get("client_id"),
            }
        )
        target = params.get("post_logout_redirect_uri")
        if claims is None or not target:
            self._html(200, "<p>Logged out.</p>")
            return
        self._redirect(target, {"state": params["state"]} if params.get("state") else {})

    # -- answers ---------------------------------------------------------------------------------

    def _redirect(self, url: str, params: dict) -> None:
        separator = "&" if urlsplit(url).query else "?"
        self.send_response(302)
        self.send_header("Location", f"{url}{separator}{urlencode(params)}" if params else url)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _html(self, status: int, body: str) -> None:
        payload = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.server.title)}</title></head><body>{body}</body></html>"
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

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
    verbose: bool = False

    def setup_provider(
        self, *, tokens: dict, users: dict, client_id: str, client_secret: str, title: str
    ) -> None:
        # Copies: a test may change a person's claims without touching the module's defaults.
        self.tokens = copy.deepcopy(tokens)
        self.users = copy.deepcopy(users)
        self.client_id = client_id
        self.client_secret = client_secret
        self.title = title
        self.auto_login = ""
        self.codes: dict[str, dict] = {}
        self.id_tokens: dict[str, dict] = {}
        self.logouts: list[dict] = []
        self.requests_seen = 0
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def discovery(self) -> dict:
        base = self.base_url
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/end_session",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def public_jwk(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}

    def sign(self, claims: dict) -> str:
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})


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

    @property
    def logouts(self) -> list[dict]:
        """The RP-initiated logouts received, oldest first."""
        return self.server.logouts

    @property
    def users(self) -> dict[str, dict]:
        return self.server.users

    def auto_login(self, user: str) -> None:
        """Approve every authorization request at once as ``user`` (no page), or ``""``: ask."""
        self.server.auto_login = user

    def settings(self, prefix: str) -> dict[str, str]:
        """Asiointi's environment for this provider, e.g. ``prefix="OIDC_RESIDENT_"``."""
        base = self.base_url
        return {
            f"{prefix}CLIENT_ID": self.server.client_id,
            f"{prefix}CLIENT_SECRET": self.server.client_secret,
            f"{prefix}AUTHORIZATION_ENDPOINT": f"{base}/authorize",
            f"{prefix}TOKEN_ENDPOINT": f"{base}/token",
            f"{prefix}USER_ENDPOINT": f"{base}/userinfo",
            f"{prefix}JWKS_ENDPOINT": f"{base}/jwks",
            f"{prefix}END_SESSION_ENDPOINT": f"{base}/end_session",
        }

    def config(self) -> dict[str, str]:
        """One provider's entry of Asiointi's ``settings.OIDC_PROVIDERS``."""
        return {**self.settings(""), "SIGN_ALGO": "RS256", "SCOPES": "openid profile email"}

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def make_server(
    tokens: dict[str, dict] | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    users: dict[str, dict] | None = None,
    client_id: str = "asiointi",
    client_secret: str = "simulator-secret",  # noqa: S107 (a simulator's fixed test value)
    title: str = "OIDC provider simulator",
) -> _Server:
    server = _Server((host, port), _Handler)
    server.setup_provider(
        tokens=DEMO_TOKENS if tokens is None else tokens,
        users=RESIDENTS if users is None else users,
        client_id=client_id,
        client_secret=client_secret,
        title=title,
    )
    return server


def start(
    tokens: dict[str, dict] | None = None, host: str = "127.0.0.1", **options
) -> RunningProvider:
    """Serve in a daemon thread on a free port; call ``stop()`` when done. ``options`` go to
    ``make_server`` (``users``, ``client_id``, ``client_secret``, ``title``)."""
    server = make_server(tokens, host, **options)
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    return RunningProvider(server, thread)


def start_resident_provider(**options) -> RunningProvider:
    """The city's broker in front of Suomi.fi e-Identification, with its residents."""
    options.setdefault("users", RESIDENTS)
    options.setdefault("title", "Suomi.fi e-Identification (simulator)")
    return start({}, **options)


def start_staff_provider(**options) -> RunningProvider:
    """The city's staff directory, with its staff."""
    options.setdefault("users", STAFF)
    options.setdefault("title", "City staff directory (simulator)")
    return start({}, **options)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    port = int(argv[0]) if argv else 8765
    staff = len(argv) > 1 and argv[1] == "staff"
    server = make_server(DEMO_TOKENS, port=port, users=STAFF if staff else RESIDENTS)
    server.verbose = True
    print(
        f"OIDC provider simulator on {server.base_url} (discovery: "
        f"{server.base_url}/.well-known/openid-configuration)",
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
