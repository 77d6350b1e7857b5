import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    """The worked cases read their explanations in English (the source language); the fi and sv
    texts are checked for completeness by common/tests/test_translations.py."""
    with translation.override("en"):
        yield
