#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs from example-workspace/ and tests/fixtures/.
# Safe to run again: it only adds or overwrites files named seed-*.
set -euo pipefail

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz_dir")"
corpus="$fuzz_dir/corpus"
mkdir -p "$corpus"/{front_matter,markdown_body,config,diagnostic_spans}

# A file name from a repository path: tests/fixtures/a/b.md → tests-fixtures-a-b.md
seed_name() { printf 'seed-%s' "${1//\//-}"; }

# Body of a Markdown file, front matter removed.
body_of() { awk 'NR == 1 && $0 == "---" { fm = 1; next } fm && $0 == "---" { fm = 0; next } !fm' "$1"; }

mapfile -t docs < <(cd "$repo" && find example-workspace tests/fixtures -name '*.md' -type f | sort)
previous=""
for doc in "${docs[@]}"; do
    name="$(seed_name "$doc")"
    cp "$repo/$doc" "$corpus/front_matter/$name"
    # Two documents that may reference each other: this one and the one before it.
    if [[ -n "$previous" ]]; then
        { cat "$repo/$doc"; printf '\n---8<---\n'; cat "$repo/$previous"; } >"$corpus/front_matter/$name.pair"
    fi
    previous="$doc"
    # Two bytes place the confidential marker (here: 64 bytes into the body).
    { printf '@\0'; body_of "$repo/$doc"; } >"$corpus/markdown_body/$name"
    # Two spans: a short one near the start, a long one further in.
    { printf '\x05\0\x0a\0\x40\0\xff\0|'; cat "$repo/$doc"; } >"$corpus/diagnostic_spans/$name"
done

# Bodies that reach the digests and the confidentiality oracle quickly: audience-tagged
# sections inside and after the confidential one, a link definition, a footnote.
printf '\x44\0\n### Requirements {.engineering}\n\n- one two three\n\n### Pitch {.sales}\n\nthe pitch\n\n## Plan {.leadership}\n\nSee [the doc][d] and [[PRD-1#plan]].[^n]\n\n[d]: ../prds/b.md#x\n[^n]: A note.\n' \
    >"$corpus/markdown_body/seed-tagged-sections"
printf '\x10\0<details>\n<summary>More</summary>\n\nsecret <b>words</b>\n</details>\n\n## Later {#later .sales}\n\n| a | b |\n|---|---|\n| `c` | [x](javascript:y) |\n' \
    >"$corpus/markdown_body/seed-raw-html-and-table"

while IFS= read -r config; do
    cp "$repo/$config" "$corpus/config/$(seed_name "$config")"
done < <(cd "$repo" && find example-workspace tests/fixtures -name 'spex.yaml' -type f | sort)
# The built-in kinds, as a spex.yaml that redefines them all.
{ echo "kinds:"; sed 's/^/  /' "$repo/src/config/builtin_kinds.yaml"; } >"$corpus/config/seed-builtin_kinds.yaml"

for target in front_matter markdown_body config diagnostic_spans; do
    echo "$target: $(find "$corpus/$target" -type f | wc -l) inputs"
done
