"""Sources of the Content-Security-Policy that follow from other settings (docs/operating.md).

The policy itself is ``SECURE_CSP`` in ``asiointi/settings.py``, sent by Django's own
``ContentSecurityPolicyMiddleware``. Its ``form-action`` must name the identity providers: the
login and logout buttons are forms whose answer redirects the browser to a provider, and Chromium
checks such redirects against ``form-action``.
"""

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from django.conf import settings


def _endpoint_urls(name: str, value: object) -> Iterable[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _endpoint_urls(str(key), item)
    elif isinstance(value, str) and name.upper().endswith("ENDPOINT"):
        yield value


def endpoint_origins(named_settings: Mapping[str, object]) -> list[str]:
    """The distinct origins (``scheme://host[:port]``) of the http(s) URLs held under a name
    ending in ``ENDPOINT``, in these settings or in dictionaries within them at any depth.

    So ``{"OIDC_PROVIDERS": {"staff": {"AUTHORIZATION_ENDPOINT": "https://login.example.fi/a"}}}``
    gives ``["https://login.example.fi"]``, while URLs that only identify something (the acr
    values of a level-of-assurance map) and empty settings are skipped. Sorted, so that the
    header is the same on every start.
    """
    origins = set()
    for name, value in named_settings.items():
        for url in _endpoint_urls(name, value):
            parts = urlsplit(url.strip())
            if parts.scheme in ("http", "https") and parts.hostname:
                origins.add(f"{parts.scheme}://{parts.netloc.rpartition('@')[2].lower()}")
    return sorted(origins)


def policy_with(**sources: list[str]) -> dict[str, list[str]]:
    """``SECURE_CSP`` with more sources for some directives, for the one view that needs them
    (with ``django.views.decorators.csp.csp_override``): ``policy_with(img_src=["data:"])``.
    """
    policy = {directive: values for directive, values in settings.SECURE_CSP.items()}
    for name, values in sources.items():
        directive = name.replace("_", "-")
        policy[directive] = [*(policy.get(directive) or []), *values]
    return policy
