"""The REST API: /api/v1/, OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs.

Every operation on applications needs an authenticated user (session with CSRF, or an OIDC
bearer token); the client-fee calculator (asiointi/fees/api.py) is public, as it handles no
personal data, and so are the OpenAPI document and the docs page. Errors are mapped in
asiointi/common/api_errors.py; every POST takes an Idempotency-Key (asiointi/api/idempotency.py).
"""

from django.views.decorators.csp import csp_override
from ninja import NinjaAPI

from asiointi.accounts.api_auth import api_auth
from asiointi.api import idempotency
from asiointi.cases.api import router as cases_router
from asiointi.common import api_errors as errors
from asiointi.common import api_language as language
from asiointi.common.csp import policy_with
from asiointi.fees.api import router as fees_router


class AsiointiAPI(NinjaAPI):
    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = errors.method_not_allowed_as_json(pattern.callback)
        return patterns

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """django-ninja's document, plus what decorators add: the Idempotency-Key header of
        every POST and what each error status means."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path in schema["paths"].values():
            for method, operation in path.items():
                if method == "post":
                    operation.setdefault("parameters", []).append(idempotency.HEADER_PARAMETER)
                for status, response in operation.get("responses", {}).items():
                    if int(status) in errors.STATUS_DESCRIPTIONS:
                        response["description"] = errors.STATUS_DESCRIPTIONS[int(status)]
        return schema


api = AsiointiAPI(
    title="Asiointi API",
    version="1",
    description="The resident's e-services folder (asiointikansio). See docs/api.md.",
    urls_namespace="api",
    auth=api_auth,
    # The docs page is django-ninja's Swagger UI from its bundled static files (no CDN, no
    # inline script); its stylesheet draws the icons as data: images, allowed on this page only.
    docs_decorator=csp_override(policy_with(img_src=["data:"])),
)
errors.install(api)
# Decorators added later wrap those added earlier: the Idempotency-Key is claimed once the
# user's language is active, inside the transaction that in_transaction opens around everything.
api.add_decorator(language.around_request, mode="view")
api.add_decorator(idempotency.claimed)
api.add_decorator(language.after_authentication)
api.add_decorator(idempotency.in_transaction, mode="view")
api.add_router("/", cases_router)
api.add_router("/", fees_router)
