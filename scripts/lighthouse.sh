#!/usr/bin/env bash
# Lighthouse scores for the example site, one row per page type (issue 17.12). A script you
# run and read, not a CI gate: the scores depend on the machine's speed (performance above
# all), while accessibility, best practices and SEO should stay at 100.
#
#   scripts/lighthouse.sh                  # build, serve, audit, print the table
#   PAGES="index.html prd/PRD-003.html" scripts/lighthouse.sh
#   KEEP=1 scripts/lighthouse.sh           # keep the JSON reports to read the failed audits
#
# Needs: Node with npm, and Chromium (Debian's /usr/bin/chromium by default). Lighthouse is
# installed once into target/tools (`npm install --prefix target/tools lighthouse`), so it
# never touches the global npm prefix.
#
# Environment:
#   SPEX         the spex binary           (default: target/debug/spex, built when missing)
#   CHROME_PATH  the browser Lighthouse drives (default: /usr/bin/chromium)
#   PORT         where the site is served  (default: 8765)
#   OUT          where the JSON reports go (default: target/lighthouse)
#   PAGES        the pages to audit, relative to the site root (default: one per page type)
#   FORM_FACTOR  desktop or mobile         (default: desktop)
#
# For every audit that scores below 1 in accessibility, best practices or SEO, the script
# prints the audit's id and title under the table, so a regression says what to fix.
set -euo pipefail

cd "$(dirname "$0")/.."

SPEX=${SPEX:-target/debug/spex}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
PORT=${PORT:-8765}
OUT=${OUT:-target/lighthouse}
FORM_FACTOR=${FORM_FACTOR:-desktop}
TOOLS=target/tools
LIGHTHOUSE=$TOOLS/node_modules/.bin/lighthouse

# One page of each type the site renders: home, a PRD, an objective, a vision, a decision,
# the roadmap overview and a roadmap document, the timeline, the graph, priorities, a kind
# index, an owner and a team page, and search.
DEFAULT_PAGES="index.html prd/PRD-003.html objective/OBJ-001.html vision/VIS-001.html \
decision/DEC-003.html roadmap.html roadmap/RM-001.html timeline.html graph.html \
priorities.html prd/index.html owners/tomas-rivera.html teams/fulfilment.html search.html"
PAGES=${PAGES:-$DEFAULT_PAGES}

[[ -x $CHROME_PATH ]] || { echo "no browser at $CHROME_PATH (set CHROME_PATH)" >&2; exit 1; }
if [[ ! -x $LIGHTHOUSE ]]; then
  echo "installing lighthouse into $TOOLS" >&2
  npm install --prefix "$TOOLS" --no-audit --no-fund lighthouse >&2
fi
if [[ ! -x $SPEX ]]; then
  cargo build --locked >&2
fi

SITE=$(mktemp -d)
SERVER_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$SITE"
  [[ -n ${KEEP:-} ]] || rm -rf "$OUT"
}
trap cleanup EXIT

"$SPEX" build example-workspace --out "$SITE" --quiet >/dev/null 2>&1 ||
  { echo "spex build failed; run it by hand to see why" >&2; exit 1; }

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/index.html" 2>/dev/null && break
  sleep 0.1
done

mkdir -p "$OUT"
preset=()
[[ $FORM_FACTOR == desktop ]] && preset=(--preset=desktop)

printf '%-28s %5s %5s %5s %5s\n' page perf a11y bp seo
for page in $PAGES; do
  report="$OUT/$(echo "$page" | tr '/' '_' | sed 's/\.html$//').json"
  "$LIGHTHOUSE" "http://127.0.0.1:$PORT/$page" "${preset[@]}" --quiet \
    --output=json --output-path="$report" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
    >/dev/null 2>&1 || { printf '%-28s lighthouse failed\n' "$page"; continue; }
  python3 - "$report" "$page" <<'PY'
import json, sys
report, page = sys.argv[1], sys.argv[2]
data = json.load(open(report))
cats = data["categories"]
score = lambda c: "-" if cats[c]["score"] is None else str(round(cats[c]["score"] * 100))
print(f"{page:<28} {score('performance'):>5} {score('accessibility'):>5} "
      f"{score('best-practices'):>5} {score('seo'):>5}")
for cat in ("accessibility", "best-practices", "seo"):
    for ref in cats[cat]["auditRefs"]:
        audit = data["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            items = audit.get("details", {}).get("items", [])
            where = "; ".join(
                (i.get("node") or {}).get("snippet", "")[:90] for i in items[:3]
            )
            print(f"    {cat}: {ref['id']}: {audit['title']} {where}")
PY
done
