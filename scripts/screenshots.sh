#!/usr/bin/env bash
# Regenerates the README's screenshots of the example site (docs/screenshot-*.png) with
# headless Chromium at a fixed window size, then shrinks them losslessly-enough for a
# README (pngquant, then optipng, when installed; each must stay under 200 KB).
#
#   scripts/screenshots.sh
#
# Environment:
#   SPEX     the spex binary (default: target/debug/spex, built when missing)
#   CHROMIUM the browser    (default: chromium on PATH)
set -euo pipefail

cd "$(dirname "$0")/.."

SPEX=${SPEX:-target/debug/spex}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[[ -n $CHROMIUM ]] || { echo "no chromium on PATH (set CHROMIUM)" >&2; exit 1; }
[[ -x $SPEX ]] || cargo build --locked >&2

SITE=$(mktemp -d)
PROFILE=$(mktemp -d)
trap 'rm -rf "$SITE" "$PROFILE"' EXIT
"$SPEX" build example-workspace --out "$SITE" --quiet >/dev/null 2>&1 ||
  { echo "spex build failed; run it by hand to see why" >&2; exit 1; }

# name, page, window size (CSS pixels; the picture is exactly this size)
SHOTS=(
  "home index.html 1280,1420"
  "roadmap roadmap/RM-002.html 1280,900"
)
for shot in "${SHOTS[@]}"; do
  read -r name page size <<<"$shot"
  out=docs/screenshot-$name.png
  # file:// keeps the server out of it: the site works offline, and without JavaScript
  # except search, so the picture is the page as a reader sees it.
  "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$PROFILE" --force-device-scale-factor=1 \
    --window-size="$size" --screenshot="$out" "file://$SITE/$page" >/dev/null 2>&1
  if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --quality=70-95 --output "$out" -- "$out" || true
  fi
  if command -v optipng >/dev/null; then
    optipng -quiet -o2 -strip all "$out"
  fi
  bytes=$(wc -c <"$out")
  echo "$out: $size, $bytes bytes"
  if ((bytes > 200 * 1024)); then
    echo "$out is over 200 KB: install pngquant, or take a smaller window" >&2
    exit 1
  fi
done
