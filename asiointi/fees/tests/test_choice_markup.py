"""Issue 17, item 11: the consent radios sat in a table cell beside the wrong labels.

Each radio and checkbox of the client's choice (the folder's review page) and of the official's
consent withdrawal (the handler's review page) is a design-system selection group: one fieldset
with a legend, each input followed by its own label (``for`` = the input's id), none in a table.
The pages are read with Python's own HTML parser, which gives every input and label its
ancestors.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from asiointi.fees import consents
from asiointi.fees.constants import Channel, IncomeChoice, Registry

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Choices(HTMLParser):
    """Every radio and checkbox with its ancestors' tags and classes and the element right after
    it (its next sibling start tag)."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.inputs: list[dict] = []
        self.labels: dict[str, list[tuple[str, dict]]] = {}
        self._waiting: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._waiting is not None:
            self._waiting["next"] = (tag, attrs)
            self._waiting = None
        if tag == "label" and attrs.get("for"):
            self.labels[attrs["for"]] = list(self.stack)
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            entry = {"attrs": attrs, "ancestors": list(self.stack), "next": None}
            self.inputs.append(entry)
            self._waiting = entry
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if self._waiting is not None:
            self._waiting = None  # the input was the last thing in its parent
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break


def choices(html: str, name: str) -> tuple[list[dict], dict]:
    parser = Choices()
    parser.feed(html)
    return [i for i in parser.inputs if i["attrs"].get("name") == name], parser.labels


def assert_beside_own_labels(html: str, name: str, count: int) -> None:
    inputs, labels = choices(html, name)
    assert len(inputs) == count, (name, len(inputs))
    for entry in inputs:
        input_id = entry["attrs"]["id"]
        tags = [tag for tag, _ in entry["ancestors"]]
        # The very next element is its own label.
        assert entry["next"] is not None, input_id
        next_tag, next_attrs = entry["next"]
        assert (next_tag, next_attrs.get("for")) == ("label", input_id), (input_id, entry["next"])
        assert input_id in labels
        # In a selection group (a fieldset with a legend, the design system's markup) and in no
        # table.
        assert not {"table", "td", "th", "tr"} & set(tags), (input_id, tags)
        fieldsets = [attrs for tag, attrs in entry["ancestors"] if tag == "fieldset"]
        assert any("hds-selection-group" in attrs.get("class", "") for attrs in fieldsets)


def test_the_clients_choice_radios_and_registry_boxes_are_beside_their_labels(
    client, fee_review, fee_client_person
):
    client.force_login(fee_client_person)
    page = client.get(reverse("fees_folder:detail", args=[fee_review.pk])).content.decode()
    assert_beside_own_labels(page, "choice", len(IncomeChoice.values))
    assert_beside_own_labels(page, "registries", len(Registry.values))


def test_the_officials_withdrawal_radios_are_beside_their_labels_outside_the_table(
    client, fee_review, fee_official
):
    consents.review_record_choice(
        fee_review, choice=IncomeChoice.CONSENT, channel=Channel.PHONE, actor=fee_official
    )
    client.force_login(fee_official)
    page = client.get(reverse("fees_handling:review", args=[fee_review.pk])).content.decode()
    inputs, _ = choices(page, "withdraw-channel")
    assert inputs, "no withdrawal radios on the page"
    assert_beside_own_labels(page, "withdraw-channel", len(inputs))
