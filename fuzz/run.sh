#!/usr/bin/env bash
# Builds the fuzz targets, seeds their corpora and runs each for a while:
#   fuzz/run.sh [SECONDS] [TARGET...]    (default: 60 seconds, every target)
# Prints one line per target: seconds, runs, runs per second, and whether it crashed.
# Exits non-zero when any target crashed; the input that did is in fuzz/artifacts/.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(import_csv school_toml keymap_theme keys ssh_input)
fi

# No sanitizer: the main crate has no unsafe code, and without one stable Rust builds
# the targets (AddressSanitizer needs RUSTC_BOOTSTRAP=1, see README.md).
cargo fuzz build -s none || exit 1
bash seed.sh

failed=0
printf '%-13s %7s %10s %8s  %s\n' target seconds runs "runs/s" result
for t in "${targets[@]}"; do
    log=$(mktemp)
    cargo fuzz run -s none "$t" -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    if [ "$rc" -eq 0 ]; then
        result="no crash"
    else
        result="CRASH (exit $rc): $(grep -m1 -E "panicked at|ERROR: libFuzzer|deadly signal" "$log")"
        failed=1
        tail -40 "$log" >&2
    fi
    printf '%-13s %7s %10s %8s  %s\n' "$t" "$seconds" "${runs:-?}" "${rate:-?}" "$result"
    rm -f "$log"
done
exit $failed
