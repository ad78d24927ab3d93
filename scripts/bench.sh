#!/usr/bin/env bash
# Benchmarks spex against the floor (examples/floor.rs: the least work any site generator
# does) on generated workspaces, and spex's history walk with and without its cache. One
# command prints the README's performance tables.
#
#   scripts/bench.sh                 # 1,000 and 10,000 documents, 1,000 x 10,000 history
#   SIZES="1000 10000 100000" scripts/bench.sh
#   SIZES=1000 HISTORY_COMMITS=0 RUNS=3 scripts/bench.sh   # quick
#
# Environment:
#   SIZES   corpus sizes in documents            (default: "1000 10000")
#   SEED    generator seed                       (default: 42)
#   RUNS    hyperfine runs per measurement       (default: 5; plus one warm-up run)
#   OUT     where results go                     (default: target/bench-results)
#   HISTORY 1: each corpus is a git repository with a synthetic history (an import
#           commit, then 40 commits by 6 authors each editing ~1% of the documents),
#           so the site's history features run; 0: no repository (default: 1)
#   HISTORY_DOCS, HISTORY_COMMITS  the history benchmark's repository, made by
#           examples/gen_history.rs and packed (default: 1000 documents, 10000 commits;
#           HISTORY_COMMITS=0 skips it)
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
SIZES=${SIZES:-"1000 10000"}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
HISTORY=${HISTORY:-1}
HISTORY_DOCS=${HISTORY_DOCS:-1000}
HISTORY_COMMITS=${HISTORY_COMMITS:-10000}
OUT=${OUT:-$ROOT/target/bench-results}
CORPORA=$ROOT/target/bench-corpus
SPEX=$ROOT/target/release/spex
GEN=$ROOT/target/release/examples/gen_corpus
GEN_HISTORY=$ROOT/target/release/examples/gen_history
FLOOR=$ROOT/target/release/examples/floor
SITE_DIR=${SITE_DIR:-$([ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
SITE_TMP=$(mktemp -d "$SITE_DIR/spex-bench.XXXXXX")
# A workspace's spex.yaml is swapped for one with the history rules off while `check`
# without history is measured; `restore_config` puts it back, whatever happens.
SWAPPED=""
restore_config() {
    [ -n "$SWAPPED" ] || return 0
    if [ -f "$SITE_TMP/spex.yaml.orig" ]; then
        mv -f "$SITE_TMP/spex.yaml.orig" "$SWAPPED/spex.yaml"
    else
        rm -f "$SWAPPED/spex.yaml"
    fi
    SWAPPED=""
}
cleanup() {
    restore_config
    rm -rf "$SITE_TMP"
}
trap cleanup EXIT

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
say "building spex, the floor and the generators (release)"
cargo build --release --quiet --bin spex --example gen_corpus --example gen_history --example floor

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
median_ms() { # median of a hyperfine CSV export, in milliseconds
    awk -F, 'NR == 2 { printf "%.0f", $4 * 1000 }' "$1"
}
cpu_ms() { # mean CPU time (user + system) of a hyperfine CSV export, in milliseconds:
    # steadier than wall time when other processes share the cores
    awk -F, 'NR == 2 { printf "%.0f", ($5 + $6) * 1000 }' "$OUT/$1.csv"
}
both() { # "median (CPU)" of a measurement, in milliseconds
    echo "$(median_ms "$OUT/$1.csv") ($(cpu_ms "$1"))"
}
bench() { # name, hyperfine arguments…: runs hyperfine, prints the median in ms
    local name=$1
    shift
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-csv "$OUT/$name.csv" \
        --export-json "$OUT/$name.json" "$@" >&2
    median_ms "$OUT/$name.csv"
}
peak_mib() { # peak RSS of a command, in MiB
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
# Times `check` in a workspace with the history rules off (so history is not read). Not
# in a subshell (`$(…)`), so that the trap can put spex.yaml back if it is interrupted.
without_history() { # dir, name
    local dir=$1
    rm -f "$SITE_TMP/spex.yaml.orig"
    if [ -f "$dir/spex.yaml" ]; then cp "$dir/spex.yaml" "$SITE_TMP/spex.yaml.orig"; fi
    SWAPPED=$dir
    {
        if [ -f "$SITE_TMP/spex.yaml.orig" ]; then cat "$SITE_TMP/spex.yaml.orig"; fi
        printf 'rules:\n  suspect-link: off\n  stale: off\n'
    } >"$dir/spex.yaml.bench"
    mv -f "$dir/spex.yaml.bench" "$dir/spex.yaml"
    bench "$2" "$SPEX check $dir --color never --quiet" >/dev/null
    restore_config
}

rows=()
for n in $SIZES; do
    dir=$CORPORA/$n$SUFFIX
    site=$SITE_TMP/site-$n
    floor_site=$SITE_TMP/floor-$n
    mb=$(find "$dir" -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')

    say "corpus $n: spex check must be clean"
    summary=$("$SPEX" check "$dir" --color never 2>&1 | tail -n 1)
    echo "    $summary" >&2
    case $summary in
        "0 errors"*) ;;
        *) echo "error: the generated corpus has errors; fix examples/gen_corpus.rs" >&2; exit 1 ;;
    esac

    say "corpus $n: the floor, from scratch"
    floor=$(bench "floor-$n" --prepare "rm -rf $floor_site" "$FLOOR $dir $floor_site")
    say "corpus $n: spex build from scratch"
    build=$(bench "build-$n" --prepare "rm -rf $site" "$SPEX build $dir --out $site --color never --quiet")
    say "corpus $n: no-change rebuild"
    "$SPEX" build "$dir" --out "$site" --color never --quiet
    bench "rebuild-$n" "$SPEX build $dir --out $site --color never --quiet" >/dev/null
    say "corpus $n: check"
    bench "check-$n" "$SPEX check $dir --color never --quiet" >/dev/null
    say "corpus $n: check with the history rules off"
    without_history "$dir" "check-nohistory-$n"

    say "corpus $n: peak memory"
    rm -rf "$floor_site" "$site"
    floor_peak=$(peak_mib "$FLOOR" "$dir" "$floor_site")
    build_peak=$(peak_mib "$SPEX" build "$dir" --out "$site" --color never --quiet)
    check_peak=$(peak_mib "$SPEX" check "$dir" --color never --quiet)
    pages=$(find "$site" -name '*.html' | wc -l)
    rm -rf "$site" "$floor_site"

    rows+=("$n|$mb|$(both "floor-$n")|$(both "build-$n")|$(ratio "$build" "$floor") ($(ratio "$(cpu_ms "build-$n")" "$(cpu_ms "floor-$n")"))|$floor_peak|$build_peak|$(both "rebuild-$n")|$(both "check-$n")|$(both "check-nohistory-$n")|$check_peak|$pages")
done

# --- history ----------------------------------------------------------------------------
history_rows=()
if [ "$HISTORY_COMMITS" != 0 ]; then
    repo=$ROOT/target/bench-history/${HISTORY_DOCS}x$HISTORY_COMMITS
    stamp=$repo.stamp
    want="gen=$(sha256sum examples/gen_history.rs | cut -c1-16)"
    if [ -d "$repo" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        say "history: ${HISTORY_DOCS} documents x $HISTORY_COMMITS commits cached in ${repo#"$ROOT"/}"
    else
        say "history: generating ${HISTORY_DOCS} documents x $HISTORY_COMMITS commits"
        rm -f "$stamp"
        "$GEN_HISTORY" --docs "$HISTORY_DOCS" --commits "$HISTORY_COMMITS" --out "$repo" >&2
        git -C "$repo" gc --quiet
        echo "$want" >"$stamp"
    fi
    cache=$repo/.git/spex
    say "history: check, first walk (no cache)"
    bench history-first --prepare "rm -rf $cache" "$SPEX check $repo --color never --quiet" >/dev/null
    say "history: check, cached, nothing changed"
    bench history-cached "$SPEX check $repo --color never --quiet" >/dev/null
    say "history: check, cached, 10 new commits"
    rm -rf "$cache"
    "$SPEX" check "$repo" --rev HEAD~10 --color never --quiet >/dev/null 2>&1 || true
    rm -rf "$SITE_TMP/cache-10"
    cp -r "$cache" "$SITE_TMP/cache-10"
    bench history-new10 --prepare "rm -rf $cache && cp -r $SITE_TMP/cache-10 $cache" \
        "$SPEX check $repo --color never --quiet" >/dev/null
    say "history: check with the history rules off"
    without_history "$repo" history-off
    history_rows+=("check, first history walk (no cache)|$(both history-first)")
    history_rows+=("check, history cached, nothing changed|$(both history-cached)")
    history_rows+=("check, history cached, 10 new commits|$(both history-new10)")
    history_rows+=("check, history rules off (no walk)|$(both history-off)")
fi

# --- report ---------------------------------------------------------------------------
{
    rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no git")
    if [ "$rev" != "no git" ] && ! git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null; then
        rev="$rev+changes"
    fi
    fs=$(df -T "$SITE_TMP" | awk 'NR == 2 { print $2 }')
    history="no git history"
    if [ "$HISTORY" = 1 ]; then history="41-commit git history"; fi
    echo "spex $("$SPEX" --version | awk '{ print $2 }') ($rev), $(nproc) cores, output on $fs, corpora with a $history, seed $SEED, times in ms are the median of $RUNS runs (hyperfine, after one warm-up) with the mean CPU time (user + system) in brackets, ratios likewise, load average $LOAD_START at start, $(date -u +%Y-%m-%d)"
    echo
    echo "| docs | MB | floor ms | build ms | × floor | floor peak MiB | build peak MiB | no-change rebuild ms | check ms | check, history rules off ms | check peak MiB | pages |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for row in "${rows[@]}"; do
        echo "| ${row//|/ | } |"
    done
    if [ "${#history_rows[@]}" -gt 0 ]; then
        echo
        echo "History: ${HISTORY_DOCS} documents × $HISTORY_COMMITS commits (examples/gen_history.rs, packed with git gc); cache in .git/spex/"
        echo
        echo "| command | ms: median (CPU) |"
        echo "|---|---:|"
        for row in "${history_rows[@]}"; do
            echo "| ${row//|/ | } |"
        done
    fi
} | tee "$OUT/results.md"
say "results in ${OUT#"$ROOT"/}/ (results.md, hyperfine CSV and JSON)"
