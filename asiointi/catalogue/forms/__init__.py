"""Form definitions shipped with the platform (JSON Schema 2020-12 + presentation)."""

import json
from pathlib import Path

FORMS_DIR = Path(__file__).parent


def load_form(code: str) -> dict:
    return json.loads((FORMS_DIR / f"{code}.json").read_text(encoding="utf-8"))
