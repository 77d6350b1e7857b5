"""Rendering Open311 answers as JSON or XML (GeoReport v2 chooses the format by the URL suffix).

Serializers build plain Python data (dicts, lists, strings, numbers, None); this module turns that
data into either format so the two can never disagree. Characters that XML 1.0 cannot carry
(control bytes such as 0x01, 0x0B or 0x1B, lone surrogates, U+FFFE/U+FFFF — stored before the
boundary refused them, or typed by staff) are removed from every text, in both formats, so that
no stored text can make an answer not well-formed. XML follows the specification's shapes:
a list becomes a wrapper element with one child per item, named by ``ITEM_NAMES`` (``<services>``
holds ``<service>`` elements, ``<formats>`` holds ``<format>``…). Both are UTF-8.
"""

import json
import re
from xml.etree import ElementTree as ET  # noqa: S405 (we only build XML, never parse input)

from django.http import HttpResponse

JSON = "json"
XML = "xml"
CONTENT_TYPES = {
    JSON: "application/json; charset=utf-8",
    XML: "text/xml; charset=utf-8",
}

# The element name of one item of a list, by the list's element name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "media_urls": "media_url",
    "request_history": "event",
}


# Everything outside XML 1.0's Char production.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(data):
    """``data`` with the characters XML 1.0 forbids removed from every string, at any depth."""
    if isinstance(data, str):
        return NOT_XML.sub("", data)
    if isinstance(data, dict):
        return {key: clean(item) for key, item in data.items()}
    if isinstance(data, list | tuple):
        return [clean(item) for item in data]
    return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ET.Element, name: str, value) -> None:
    element = ET.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element: ET.Element, name: str, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES.get(name, "item")
        for item in value:
            _append(element, item_name, item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, root, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def render(data, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """``data`` as the response body; ``root`` names the XML root element (JSON has none)."""
    data = clean(data)
    if fmt == XML:
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(errors: list[tuple[int, str]], fmt: str, *, status: int) -> HttpResponse:
    """The specification's error list; the HTTP status equals the (first) error code."""
    data = [{"code": code, "description": description} for code, description in errors]
    return render(data, fmt, root="errors", status=status)
