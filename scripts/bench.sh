#!/usr/bin/env bash
# Benchmarks `spex check` and `spex build` on generated workspaces of growing size.
#
#   scripts/bench.sh                 # 1,000 / 2,000 / 5,000 / 10,000 documents
#   SIZES="1000 10000" RUNS=3 scripts/bench.sh
#
# Environment:
#   SIZES   corpus sizes in documents            (default: "1000 2000 5000 10000")
#   SEED    generator seed                       (default: 42)
#   RUNS    hyperfine runs per measurement       (default: 5; plus one warm-up run)
#   OUT     where results go                     (default: target/bench-results)
#   HISTORY 1: each corpus is a git repository with a synthetic history (an import
#           commit, then 40 commits by 6 authors each editing ~1% of the documents),
#           so the site's history features run; 0: no repository (default: 1)
#   SITE_DIR where the sites are built (default: /dev/shm when it exists, else $TMPDIR or
#           /tmp). Memory-backed by default: on ext4, creating 10,000 files right after
#           deleting 10,000 (the from-scratch runs) costs seconds of kernel time in inode
#           allocation, which measures the file system, not spex. SITE_DIR=/tmp shows it.
#
# Corpora are generated with `examples/gen_corpus.rs` into target/bench-corpus/<N> and
# reused while the generator source, N and the seed are unchanged. See benches/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-"1000 2000 5000 10000"}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
HISTORY=${HISTORY:-1}
OUT=${OUT:-$ROOT/target/bench-results}
CORPORA=$ROOT/target/bench-corpus
SPEX=$ROOT/target/release/spex
GEN=$ROOT/target/release/examples/gen_corpus
SITE_DIR=${SITE_DIR:-$([ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
SITE_TMP=$(mktemp -d "$SITE_DIR/spex-bench.XXXXXX")
trap 'rm -rf "$SITE_TMP"' EXIT

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# --- tools ----------------------------------------------------------------------------
apt_install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    say "installing $*"
    $sudo apt-get install -y "$@" >/dev/null 2>&1 || {
        $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y "$@" >/dev/null
    }
}
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
command -v hyperfine >/dev/null || { echo "error: hyperfine is required (cargo install hyperfine)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: GNU time (/usr/bin/time) is required" >&2; exit 1; }

# --- build ----------------------------------------------------------------------------
say "building spex and the corpus generator (release)"
cargo build --release --quiet --bin spex --example gen_corpus

# --- corpora --------------------------------------------------------------------------
mkdir -p "$CORPORA" "$OUT"
# Keeps the enclosing repository (spex's own) out of corpora without history.
export GIT_CEILING_DIRECTORIES=$CORPORA

# A deterministic history: dates, authors and edited files depend only on N.
NAMES=("Maya Chen" "Tomás Rivera" "Priya Natarajan" "Jonas Albrecht" "Aisha Okafor" "Daniel Osei")
EMAILS=(maya tomas priya jonas aisha daniel)
git_as() { # author number, date, git arguments…
    local who=$1 date=$2
    shift 2
    GIT_AUTHOR_NAME=${NAMES[$who]} GIT_COMMITTER_NAME=${NAMES[$who]} \
        GIT_AUTHOR_EMAIL=${EMAILS[$who]}@example.com GIT_COMMITTER_EMAIL=${EMAILS[$who]}@example.com \
        GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date \
        git -c commit.gpgsign=false "$@"
}
make_history() {
    local dir=$1 files k i step=100 # each round edits every 100th document
    git -C "$dir" init -q
    git -C "$dir" add -A
    git_as 0 2026-01-01T09:00:00Z -C "$dir" commit -q -m "Import product specs"
    mapfile -t files < <(cd "$dir" && find . -mindepth 2 -name '*.md' | sort)
    for k in $(seq 1 40); do
        for ((i = (k * 37) % step; i < ${#files[@]}; i += step)); do
            printf '\nRevised in review round %d.\n' "$k" >>"$dir/${files[$i]}"
        done
        git -C "$dir" add -A
        git_as $((k % 6)) "2026-$(printf %02d $((1 + k / 4)))-$(printf %02d $((1 + k % 28)))T10:00:00Z" \
            -C "$dir" commit -q -m "Review round $k"
    done
}

# A corpus is reused while the generator and the history recipe are unchanged.
GEN_HASH=$({ cat examples/gen_corpus.rs; declare -f git_as make_history; } | sha256sum | cut -c1-16)
SUFFIX=""
if [ "$HISTORY" != 1 ]; then SUFFIX="-nogit"; fi
for n in $SIZES; do
    dir=$CORPORA/$n$SUFFIX
    stamp="$CORPORA/$n$SUFFIX.stamp"
    want="gen=$GEN_HASH docs=$n seed=$SEED history=$HISTORY"
    if [ -d "$dir" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        say "corpus $n: cached in ${dir#"$ROOT"/}"
    else
        say "corpus $n: generating"
        rm -f "$stamp"
        "$GEN" --docs "$n" --seed "$SEED" --out "$dir" --force
        if [ "$HISTORY" = 1 ]; then
            say "corpus $n: making a git history"
            make_history "$dir"
        fi
        echo "$want" >"$stamp"
    fi
done

# --- measurements ---------------------------------------------------------------------
busy() { # other processes using the CPU (a cargo build next door) distort every number
    awk -v cores="$(nproc)" '{ exit !($1 > 0.5 * cores) }' /proc/loadavg
}
if busy; then
    say "warning: load average is $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; results will be noisy"
fi
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
min_ms() { # fastest run of a hyperfine CSV export, in milliseconds
    awk -F, 'NR == 2 { printf "%.0f", $7 * 1000 }' "$1"
}
timing() { # "mean ± σ (min)" of a hyperfine CSV export, in milliseconds
    awk -F, 'NR == 2 { printf "%.0f ± %.0f (%.0f)", $2 * 1000, $3 * 1000, $7 * 1000 }' "$1"
}
peak_mib() { # peak RSS of a command, in MiB
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }'
}

rows=()
for n in $SIZES; do
    dir=$CORPORA/$n$SUFFIX
    site=$SITE_TMP/site-$n
    mb=$(find "$dir" -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')

    say "corpus $n: spex check must be clean"
    summary=$("$SPEX" check "$dir" --color never 2>&1 | tail -n 1)
    echo "    $summary" >&2
    case $summary in
        "0 errors"*) ;;
        *) echo "error: the generated corpus has errors; fix examples/gen_corpus.rs" >&2; exit 1 ;;
    esac
    # "0 errors, 3 warnings, 2106 notes in 1001 documents" → "0 / 3 / 2106"
    diags=$(echo "$summary" | sed -E 's/ in .*//; s/([0-9]+) errors?/\1/; s/, ([0-9]+) warnings?/ \/ \1/; s/, ([0-9]+) notes?/ \/ \1/')

    say "corpus $n: check"
    hyperfine --style basic --warmup 1 --runs "$RUNS" \
        --export-csv "$OUT/check-$n.csv" --export-json "$OUT/check-$n.json" \
        "$SPEX check $dir --color never --quiet" >&2

    say "corpus $n: build from scratch"
    hyperfine --style basic --warmup 1 --runs "$RUNS" \
        --prepare "rm -rf $site" \
        --export-csv "$OUT/build-$n.csv" --export-json "$OUT/build-$n.json" \
        "$SPEX build $dir --out $site --color never --quiet" >&2

    say "corpus $n: no-change rebuild"
    "$SPEX" build "$dir" --out "$site" --color never --quiet
    hyperfine --style basic --warmup 1 --runs "$RUNS" \
        --export-csv "$OUT/rebuild-$n.csv" --export-json "$OUT/rebuild-$n.json" \
        "$SPEX build $dir --out $site --color never --quiet" >&2

    say "corpus $n: peak memory"
    check_peak=$(peak_mib "$SPEX" check "$dir" --color never --quiet)
    rm -rf "$site"
    build_peak=$(peak_mib "$SPEX" build "$dir" --out "$site" --color never --quiet)
    pages=$(find "$site" -name '*.html' | wc -l)
    site_mb=$(du -sm "$site" | cut -f1)
    rm -rf "$site"

    build=$(min_ms "$OUT/build-$n.csv")
    rows+=("$n|$mb|$(timing "$OUT/check-$n.csv")|$(timing "$OUT/build-$n.csv")|$(timing "$OUT/rebuild-$n.csv")|$(awk -v b="$build" -v n="$n" 'BEGIN { printf "%.0f", b / (n / 1000) }')|$check_peak|$build_peak|$pages|$site_mb|$diags")
done

# --- report ---------------------------------------------------------------------------
{
    rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no git")
    if [ "$rev" != "no git" ] && ! git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null; then
        rev="$rev+changes"
    fi
    fs=$(df -T "$SITE_TMP" | awk 'NR == 2 { print $2 }')
    history="no git history"
    if [ "$HISTORY" = 1 ]; then history="41-commit git history"; fi
    echo "spex $("$SPEX" --version | awk '{ print $2 }') ($rev), $(nproc) cores, output on $fs ($SITE_TMP), $history, seed $SEED, times are mean ± σ (min) of $RUNS runs, load average $LOAD_START at start, $(date -u +%Y-%m-%d)"
    echo
    echo "| docs | MB | check ms | build ms | rebuild ms | build min ms / 1k docs | check peak MiB | build peak MiB | pages | site MB | errors / warnings / notes |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for row in "${rows[@]}"; do
        echo "| ${row//|/ | } |"
    done
} | tee "$OUT/results.md"
say "results in ${OUT#"$ROOT"/}/ (results.md, hyperfine CSV and JSON)"
