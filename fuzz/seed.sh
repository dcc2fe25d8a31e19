#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with a few valid and invalid examples from sample-data/,
# tests/fixtures/ and the shipped keymaps and themes. Safe to run again: existing
# corpus files stay, seeds are overwritten.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus

seed() { # seed TARGET NAME < bytes
    mkdir -p "$corpus/$1"
    cat > "$corpus/$1/seed-$2"
}

# CSV files cut to their first lines: the fuzzer mutates short inputs faster, and the
# header plus a few rows reach every parser branch.
n=0
for f in sample-data/*.csv sample-data/plans/7-Алгебра.csv tests/fixtures/*/*.csv; do
    n=$((n + 1))
    head -n 12 "$f" | seed import_csv "$n.csv"
done

for f in sample-data/school.toml tests/fixtures/mini/school.toml tests/fixtures/bad/school-bad.toml; do
    n=$((n + 1))
    seed school_toml "$n.toml" < "$f"
done

for f in keymaps/*.toml themes/*.toml; do
    n=$((n + 1))
    seed keymap_theme "$n.toml" < "$f"
done
printf '[grid]\n"f9" = "all_present"\n"f5" = "none"\n"g g" = "home"\n' | seed keymap_theme user-keymap.toml
printf 'cursor = { fg = "black", bg = "yellow", bold = true }\n' | seed keymap_theme user-theme.toml

# keys: the first byte picks the user (0 teacher, 4 class teacher, 5 deputy, 6 admin,
# 7 parent), each later byte one key of the table in fuzz_targets/keys.rs.
for who in 0 4 5 6 7; do
    python3 -c "import sys; sys.stdout.buffer.write(bytes([$who]) + bytes(range(65)))" |
        seed keys "all-keys-$who"
done
# Teacher: into the first lesson's grid, marks and codes down the column, undo, redo.
python3 -c "import sys; sys.stdout.buffer.write(bytes([0, 26, 4, 3, 7, 8, 35, 35, 4, 57, 58, 45, 46, 28, 28]))" |
    seed keys teacher-grid

# ssh_input: the first byte seeds the packet sizes.
printf '\x07a\x1b[1;5C\x1bOP\x1b[21;2~\xd0\xb9\x1bx\x1b[[E\x1b[<0;1;2M\x1b[200~\xd0\xbf\r\x1b[201~\x7f' |
    seed ssh_input mixed
printf '\x03\x1b\x1b[A\x1b[3;5~\x1bO5C\x1b[Z\r\n\x1b[M !!\x1b[?1;2c\x1b' | seed ssh_input keys
printf '\x01\x1b[200~paste \x03\x1b[31m text\x1b[20\x1b[201~' | seed ssh_input paste

echo "seeded: $(find "$corpus" -name 'seed-*' | wc -l) files in $corpus"
