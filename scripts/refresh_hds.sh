#!/usr/bin/env bash
# Refreshes the vendored Helsinki Design System CSS (hds-core, MIT) in asiointi/static/hds/
# from the npm registry. Run it by hand when moving to a new HDS release, then run the browser
# tests (they check every page with axe at 320 and 1,280 px) and commit the result.
#   scripts/refresh_hds.sh [VERSION]      default: the version in asiointi/static/hds/VERSION
# Needs npm (only for this script; setup and the tests use the committed files).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=asiointi/static/hds
VERSION=${1:-$(cat "$TARGET/VERSION")}
# The icons Asiointi uses; add a name here and run the script to vendor another one.
ICONS="angle-down angle-up angle-left angle-right arrow-left arrow-right alert-circle check check-circle
       cross error info-circle search menu-hamburger globe user signout signin upload paperclip
       sort sort-ascending sort-descending document envelope clock lock"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "hds-core@$VERSION" >/dev/null && tar xzf hds-core-*.tgz)
LIB="$WORK/package/lib"
cp "$WORK/package/LICENSE" "$TARGET/LICENSE"
# base.css holds the design tokens (colours, spacing, type scale) as CSS variables and the
# element defaults; all.css every component's CSS. The Helsinki Grotesk font (lib/fonts) is
# not free and is deliberately left out: --font-default falls back to Arial/Helvetica.
cp "$LIB/base.min.css" "$TARGET/base.min.css"
cp "$LIB/components/all.min.css" "$TARGET/components.min.css"
cp "$LIB/utils/helpers.min.css" "$TARGET/helpers.min.css"
{
  cat "$LIB/icons/icon.min.css"
  for icon in $ICONS; do cat "$LIB/icons/$icon.min.css"; echo; done
} > "$TARGET/icons.min.css"
# HDS draws its icons (and the marks of checkboxes and notifications) as SVG masks in data:
# addresses; the Content-Security-Policy allows images from the site only (img-src 'self'), so
# each SVG becomes a file of its own in svg/ and the CSS points to it.
rm -rf "$TARGET/svg"; mkdir "$TARGET/svg"
python3 - "$TARGET" <<'PYTHON'
import hashlib, pathlib, re, sys, urllib.parse
target = pathlib.Path(sys.argv[1])
pattern = re.compile(r'url\("data:image/svg\+xml;charset=utf-8,([^"]*)"\)')
def to_file(match):
    svg = urllib.parse.unquote(match.group(1))
    name = hashlib.sha256(svg.encode()).hexdigest()[:12] + ".svg"
    (target / "svg" / name).write_text(svg)
    return f'url("svg/{name}")'
for css in target.glob("*.min.css"):
    text = pattern.sub(to_file, css.read_text())
    assert "data:" not in text, f"{css} still has a data: address"
    css.write_text(text)
PYTHON
echo "$VERSION" > "$TARGET/VERSION"
echo "hds-core $VERSION vendored into $TARGET"
