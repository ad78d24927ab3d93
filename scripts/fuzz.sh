#!/usr/bin/env bash
# Builds the fuzz targets in fuzz/ and runs each for a while, starting from the seeds.
#
#   scripts/fuzz.sh            # every target for 60 seconds
#   scripts/fuzz.sh 1800       # every target for 30 minutes
#   TARGETS="config" scripts/fuzz.sh 300
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
# Environment:
#   TARGETS    targets to run, in order        (default: every target in fuzz/Cargo.toml)
#   SANITIZER  cargo fuzz --sanitizer value    (default: none; spex forbids unsafe code,
#              so a sanitizer finds little and costs about half the executions)
#
# Exits non-zero when any target crashes, panics, hangs (over 10 s on one input), runs
# out of memory or trips an oracle; the input is kept in fuzz/artifacts/<target>/.
set -euo pipefail

seconds="${1:-60}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo/fuzz"
sanitizer="${SANITIZER:-none}"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "needs cargo-fuzz and the nightly toolchain: cargo install cargo-fuzz --locked" >&2
    exit 2
fi
targets="${TARGETS:-$(cargo +nightly fuzz list)}"

./seed.sh >/dev/null
cargo +nightly fuzz build --sanitizer "$sanitizer"

mkdir -p logs
run_target() {
    local target="$1"
    cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" "corpus/$target" -- \
        -dict=dict/spex.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"logs/$target.log" 2>&1
}

failed=()
for target in $targets; do
    echo "fuzzing $target for ${seconds}s (log: fuzz/logs/$target.log)"
    run_target "$target" || failed+=("$target")
done

for target in $targets; do
    executed="$(grep -o 'number_of_executed_units: [0-9]*' "logs/$target.log" | tail -1 || true)"
    echo "$target: ${executed:-no stats} (corpus: $(find "corpus/$target" -type f | wc -l) inputs)"
done
if [[ "${#failed[@]}" -gt 0 ]]; then
    echo "FAILED: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
    exit 1
fi
