"""The site's colours and logo, from settings, as Helsinki Design System tokens.

Asiointi's pages are built on the Helsinki Design System (HDS, ``hds-core``, vendored in
``static/hds/``). HDS components take their colours from CSS variables ("tokens"); the theme
sets the tokens the components use for the brand colour (``--color-bus`` and its shades, which
HDS buttons, links, focus rings and selected choices use; ``--color-coat-of-arms``) to the
municipality's own colours, so that any city runs Asiointi in its colours without changing
HDS's CSS. The default is neutral (dark slate), not Helsinki's coat-of-arms blue.

Colours are checked when the settings load: each must be a ``#rrggbb`` colour, and the primary
and its dark shade must have a contrast of at least 4.5:1 against white (WCAG 2.1 SC 1.4.3:
they are the colour of buttons with white text and of links on white).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a ``#rrggbb`` colour."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Theme:
    primary: str = "#2a4858"  # dark slate: 10.1:1 on white
    primary_dark: str = "#1a2f3a"
    primary_light: str = "#e6eef2"  # backgrounds of selected and highlighted things
    logo_url: str = ""  # a same-origin address (the Content-Security-Policy allows no other)

    def __post_init__(self):
        for name in ("primary", "primary_dark", "primary_light"):
            value = getattr(self, name)
            if not _HEX.match(value):
                raise ImproperlyConfigured(
                    f"ASIOINTI_THEME_{name.upper()} must be a colour like #2a4858, not {value!r}"
                )
        for name in ("primary", "primary_dark"):
            ratio = contrast(getattr(self, name), "#ffffff")
            if ratio < MINIMUM_CONTRAST:
                raise ImproperlyConfigured(
                    f"ASIOINTI_THEME_{name.upper()} {getattr(self, name)} has a contrast of "
                    f"{ratio:.1f}:1 against white; buttons and links need at least "
                    f"{MINIMUM_CONTRAST}:1 (WCAG 2.1 SC 1.4.3)"
                )
        if self.logo_url and (not self.logo_url.startswith("/") or self.logo_url.startswith("//")):
            raise ImproperlyConfigured(
                "ASIOINTI_LOGO_URL must be an address on this site starting with /, "
                f"not {self.logo_url!r}"
            )

    def css(self) -> str:
        """The tokens, for ``theme.css``."""
        return (
            ":root {\n"
            f"  --asi-primary: {self.primary};\n"
            f"  --asi-primary-dark: {self.primary_dark};\n"
            f"  --asi-primary-light: {self.primary_light};\n"
            "  --color-bus: var(--asi-primary);\n"
            "  --color-bus-dark: var(--asi-primary-dark);\n"
            "  --color-bus-light: var(--asi-primary-light);\n"
            "  --color-bus-medium-light: var(--asi-primary-light);\n"
            "  --color-coat-of-arms: var(--asi-primary);\n"
            "  --color-coat-of-arms-dark: var(--asi-primary-dark);\n"
            "  --color-coat-of-arms-light: var(--asi-primary-light);\n"
            "  --font-default: Arial, 'Helvetica Neue', Helvetica, sans-serif;\n"
            "}\n"
        )
