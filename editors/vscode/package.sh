#!/bin/sh
# Packages the extension into spex-<version>.vsix with @vscode/vsce, from a clean
# `npm install` of the pinned versions in package.json. Prints the .vsix path.
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx --no-install vsce package --out spex.vsix >&2
echo "$(pwd)/spex.vsix"
