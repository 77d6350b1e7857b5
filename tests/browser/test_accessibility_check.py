"""The axe check itself: it must fail on known WCAG violations, or its passes prove nothing."""

import pytest

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!DOCTYPE html><html><head><title>Broken</title></head><body><main>
<img src="data:,"><label>Name</label><input type="text">
<p style="color:#aaa;background:#fff">Pale text</p></main></body></html>"""


def test_axe_check_reports_each_violation_with_its_nodes(browser, axe):
    page = browser.new_page()
    try:
        page.set_content(BROKEN_PAGE)
        with pytest.raises(AssertionError) as failure:
            axe(page, "broken page")
    finally:
        page.close()
    message = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "label", "color-contrast"):
        assert rule in message
    assert "['img']" in message
