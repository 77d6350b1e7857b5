"""The platform is complete in Finnish, Swedish and English (see asiointi/locale)."""

import ast
import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from asiointi.common.formatting import format_amount, format_date, format_money
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
FORMS = PACKAGE / "catalogue" / "forms"
TRANSLATED = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(path: Path) -> list[Entry]:
    """A small .po parser: enough for gettext's own output (no obsolete ``#~`` entries)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None

    def start(line_number: int) -> Entry:
        nonlocal entry
        if entry is None:
            entry = Entry(line=line_number)
        return entry

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, target = None, None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            start(number).flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            start(number)
        elif line.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{number}: stray string"
            value = ast.literal_eval(line)
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, kind, getattr(entry, kind) + value)
        else:
            keyword, _, value = line.partition(" ")
            current = start(number)
            text = ast.literal_eval(value)
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if plural:
                target = ("msgstr", int(plural.group(1)))
                current.msgstr[target[1]] = text
            elif keyword == "msgstr":
                target = ("msgstr", 0)
                current.msgstr[0] = text
            elif keyword in ("msgid", "msgid_plural", "msgctxt"):
                target = (keyword, 0)
                setattr(current, keyword, text)
            else:
                raise AssertionError(f"{path}:{number}: unexpected {keyword!r}")
    if entry is not None:
        entries.append(entry)
    return [e for e in entries if e.msgid]  # the header has an empty msgid


def po_entries(language: str) -> list[Entry]:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing; run makemessages"
    return parse_po(path)


def describe(entries: list[Entry]) -> str:
    return "\n".join(f"  line {e.line}: {e.msgid!r}" for e in entries)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated(language):
    entries = po_entries(language)
    assert entries, f"the {language} catalogue is empty"
    untranslated = [
        e
        for e in entries
        if not e.msgstr
        or any(not text.strip() for text in e.msgstr.values())
        or (e.msgid_plural is not None and sorted(e.msgstr) != [0, 1])
    ]
    assert not untranslated, f"untranslated {language} entries:\n{describe(untranslated)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_entry_is_fuzzy(language):
    fuzzy = [e for e in po_entries(language) if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy {language} entries (check and remove the flag):\n{describe(fuzzy)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_kept(language):
    wrong = []
    for e in po_entries(language):
        expected = set(PLACEHOLDER.findall(e.msgid)) | set(
            PLACEHOLDER.findall(e.msgid_plural or "")
        )
        for text in e.msgstr.values():
            if not set(PLACEHOLDER.findall(text)) <= expected:
                wrong.append(e)
        if e.msgid_plural is None and set(PLACEHOLDER.findall(e.msgstr.get(0, ""))) != expected:
            wrong.append(e)
    assert not wrong, f"{language} translations with changed placeholders:\n{describe(wrong)}"


def test_english_catalogue_exists():
    # English msgids are used as they are, so the catalogue only has to exist.
    assert po_entries("en")


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_is_up_to_date(language):
    """Every translation in the .po file is what gettext returns, i.e. compilemessages was run."""
    stale = []
    with translation.override(language):
        for e in po_entries(language):
            if e.msgid_plural is None:
                if e.msgctxt is None:
                    got = gettext(e.msgid)
                else:
                    got = pgettext(e.msgctxt, e.msgid)
                if got != e.msgstr[0]:
                    stale.append(e)
            else:
                for n, index in ((1, 0), (2, 1)):
                    if e.msgctxt is None:
                        got = ngettext(e.msgid, e.msgid_plural, n)
                    else:
                        got = npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                    if got != e.msgstr[index]:
                        stale.append(e)
                        break
    assert not stale, f"the {language} .mo file is stale; run compilemessages:\n{describe(stale)}"


@pytest.mark.parametrize(
    ("url", "language", "texts"),
    [
        ("/", "fi", ["Hae kaupungin avustuksia", "Avoimet avustushaut", "Kirjaudu sisään"]),
        ("/sv/", "sv", ["Ansök om stadens understöd", "Öppna ansökningsomgångar", "Logga in"]),
        ("/en/", "en", ["Apply for city grants", "Open grant calls", "Log in"]),
    ],
)
def test_home_page_in_each_language(client, catalogue, url, language, texts):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for text in texts:
        assert text in html, f"{text!r} not on {url}"


def test_finnish_is_the_default_even_if_the_browser_prefers_english(client, catalogue):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="fi">' in html
    assert "Avoimet avustushaut" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "1\u00a0234,50\u00a0€"),
        ("sv", "1\u00a0234,50\u00a0€"),
        ("en", "€1,234.50"),
    ],
)
def test_money_is_formatted_per_language(language, expected):
    with translation.override(language):
        formatted = format_money(Decimal("1234.50"))
    assert formatted == expected
    if language != "en":
        # The Finnish convention "1 234,50 €", with non-breaking spaces so it never wraps.
        assert formatted.replace("\u00a0", " ") == "1 234,50 €"


def test_missing_money_is_a_dash():
    with translation.override("fi"):
        assert format_money(None) == "–"


def test_finnish_date_format():
    with translation.override("fi"):
        assert format_date(datetime.date(2026, 3, 5)) == "5.3.2026"
        assert format_date("2026-12-24") == "24.12.2026"


def general_grant_form() -> FormSpec:
    definition = json.loads((FORMS / "yleisavustus.json").read_text(encoding="utf-8"))
    return FormSpec(definition["schema"], definition["presentation"])


@pytest.mark.parametrize(
    ("language", "required"),
    [("fi", "Tämä tieto on pakollinen."), ("sv", "Uppgiften är obligatorisk.")],
)
def test_validation_messages_are_translated(language, required):
    spec = general_grant_form()
    with translation.override(language):
        errors = validate(spec, {})
    for name in spec.schema["required"]:
        assert errors.get(name) == [required], (name, errors.get(name))
    english = [
        m for messages in errors.values() for m in messages if m == "This field is required."
    ]
    assert not english


def test_validation_messages_in_english():
    with translation.override("en"):
        errors = validate(general_grant_form(), {})
    assert errors["organisation_name"] == ["This field is required."]


@pytest.mark.parametrize("path", sorted(FORMS.glob("*.json")), ids=lambda p: p.name)
def test_form_definitions_have_every_language(path):
    """Every label, help text, legend, title and choice in a form has fi, sv and en."""
    definition = json.loads(path.read_text(encoding="utf-8"))
    gaps = []

    def check(value, where):
        if isinstance(value, dict) and value.keys() & {"fi", "sv", "en"}:
            missing = [lang for lang in ("fi", "sv", "en") if not str(value.get(lang, "")).strip()]
            if missing:
                gaps.append(f"{where}: {missing}")
        elif isinstance(value, dict):
            for key, item in value.items():
                check(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                check(item, f"{where}[{index}]")

    presentation = definition["presentation"]
    check(presentation, "presentation")
    spec = FormSpec(definition["schema"], presentation)

    def check_field(field_spec, where):
        texts = field_spec.presentation
        if not isinstance(texts.get("label"), dict):
            gaps.append(f"{where}: no translated label")
        for value in field_spec.schema.get("enum") or field_spec.schema.get("items", {}).get(
            "enum", []
        ):
            if not isinstance(texts.get("choices", {}).get(value), dict):
                gaps.append(f"{where}: no translated label for choice {value!r}")
        if field_spec.widget == "group":
            for column in field_spec.columns():
                check_field(column, f"{where}.{column.name}")

    for name, field_spec in spec.fields.items():
        check_field(field_spec, name)
    assert not isinstance(presentation.get("title"), str)
    assert not gaps, "\n".join(gaps)


@pytest.mark.parametrize(
    ("language", "expected"), [("fi", "1234,50"), ("sv", "1234,50"), ("en", "1234.50")]
)
def test_amounts_in_form_fields_are_written_per_language(language, expected):
    """A form field's amount follows the page (178,43 in Finnish), ungrouped so it reads back."""
    with translation.override(language):
        assert format_amount(Decimal("1234.5")) == expected
        assert format_amount(None) == ""


REVIEWS_LEFT = (
    "%(count)d review is still without a proposal; see above. Run the review again to try it "
    "again.",
    "%(count)d reviews are still without a proposal; see above. Run the review again to try "
    "them again.",
)
PAYMENTS_APPROVED = (
    "%(count)d payment was approved into a payment batch.",
    "%(count)d payments were approved into a payment batch.",
)


@pytest.mark.parametrize(
    ("language", "messages", "singular", "plural"),
    [
        ("fi", PAYMENTS_APPROVED, "1 maksu hyväksyttiin", "2 maksua hyväksyttiin"),
        ("sv", PAYMENTS_APPROVED, "1 betalning godkändes", "2 betalningar godkändes"),
        ("fi", REVIEWS_LEFT, "1 tulotarkistus on yhä", "ilman ehdotusta on yhä 2;"),
        ("sv", REVIEWS_LEFT, "1 inkomstutredning utan", "2 inkomstutredningar utan"),
    ],
)
def test_count_messages_have_plural_forms(language, messages, singular, plural):
    """ "1 maksua" is wrong Finnish: a message with a count has a singular and a plural form."""
    with translation.override(language):
        one, many = (ngettext(*messages, count) % {"count": count} for count in (1, 2))
    assert singular in one and plural in many
