"""The REST API: /api/v1/, OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs.

Every operation on applications needs an authenticated user (session with CSRF, or an OIDC
bearer token); the client-fee calculator (asiointi/fees/api.py) is public, as it handles no
personal data, and so are the OpenAPI document and the docs page. Domain errors are mapped in
asiointi/api/errors.py.
"""

from ninja import NinjaAPI

from asiointi.accounts.api_auth import api_auth
from asiointi.api import errors, language
from asiointi.cases.api import router as cases_router
from asiointi.fees.api import router as fees_router

api = NinjaAPI(
    title="Asiointi API",
    version="1",
    description="The resident's e-services folder (asiointikansio). See docs/api.md.",
    urls_namespace="api",
    auth=api_auth,
)
errors.install(api)
api.add_decorator(language.around_request, mode="view")
api.add_decorator(language.after_authentication)
api.add_router("/", cases_router)
api.add_router("/", fees_router)
