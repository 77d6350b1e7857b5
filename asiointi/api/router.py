"""The REST API: /api/v1/, OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="Asiointi API", version="1", urls_namespace="api")
