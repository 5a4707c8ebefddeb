#!/usr/bin/env bash
# The test of a chapter's benchmark questions: check_questions.sh PROGRAM CSV QUESTION...
# Runs PROGRAM --quick --csv CSV (exit 0 means every result it compared with the Python
# twin's agreed), then checks the CSV: the header, exactly these columns, a row for every
# QUESTION, positive figures, and each ratio recomputed from its figures (larger is better for
# C++: other/cpp for a time, cpp/other for a rate). Exit 0 if all holds, else 1 and why.
set -uo pipefail
program=$1 csv=$2
shift 2
rm -f "$csv"
output=$("$program" --quick --csv "$csv" 2>&1)
status=$?
printf '%s\n' "$output"
if [[ $status -ne 0 ]]; then
    echo "FAIL: $program --quick exited with $status"
    exit 1
fi
if command -v python3 >/dev/null && ! grep -qE 'results compared with the Python twin.s: [1-9]' <<<"$output"; then
    echo "FAIL: python3 is here, yet no result was compared with the Python twin's"
    exit 1
fi
[[ -s $csv ]] || { echo "FAIL: no CSV at $csv"; exit 1; }
header=$(head -n 1 "$csv")
if [[ $header != "chapter,question,unit,cpp,python,limit,cpp_vs_python,cpp_vs_limit" ]]; then
    echo "FAIL: header is '$header'"
    exit 1
fi
for question in "$@"; do
    grep -qE "^[^,]*,$question/" "$csv" || { echo "FAIL: no row for $question"; exit 1; }
done
# Rates are the units per second, and the speedup; every other unit is a time or a size.
awk -F, -v pythons="$(command -v python3 >/dev/null && echo yes)" '
    function close_to(a, b) { return (a - b) <= 0.002 * b && (b - a) <= 0.002 * b }
    function check(other, given, what) {
        if (other == "" && given != "") { print "FAIL: " $2 ": " what " ratio without a figure"; bad = 1 }
        if (other == "") return
        want = higher ? $4 / other : other / $4
        if (given == "" || !close_to(given + 0, want)) {
            print "FAIL: " $2 ": " what " ratio " given ", expected " want; bad = 1
        }
    }
    NR == 1 { next }
    NF != 8 { print "FAIL: row " NR " has " NF " columns: " $0; bad = 1; next }
    {
        higher = ($3 ~ /\/s$/ || $3 == "x")
        if ($4 + 0 <= 0) { print "FAIL: " $2 ": C++ figure " $4; bad = 1 }
        if ($5 != "" && $5 + 0 <= 0) { print "FAIL: " $2 ": Python figure " $5; bad = 1 }
        if (pythons == "yes" && $5 != "") pythons_seen = 1
        check($5, $7, "Python")
        check($6, $8, "limit")
    }
    END {
        if (pythons == "yes" && !pythons_seen) { print "FAIL: python3 is here, yet no Python figure"; bad = 1 }
        exit bad
    }' "$csv" || exit 1
echo "ok: $(($(wc -l <"$csv") - 1)) rows, every question present, ratios consistent"
