#!/usr/bin/env bash
# The report of `./cookbook bench`: bench_report.sh DIR
# Reads DIR/summary.csv (chapter,question,unit,cpp,python,limit,cpp_vs_python,cpp_vs_limit;
# question is "name/variant"), prints it as a table, and writes DIR/REPORT.md: per chapter a table, and a chart per
# question (DIR/charts/<name>.png, if gnuplot is here): C++ and Python bars side by side per
# variant, the limit as a dashed line over each pair, values written on the bars.
set -euo pipefail
dir=$1
summary="$dir/summary.csv"
charts="$dir/charts"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$charts"

# What each question asks, for the chart titles and the report.
describe() {
    case $1 in
        cpu_speedup_2_workers) echo "CPU-bound work on 2 workers: speedup over 1" ;;
        thread_start_join) echo "start a thread and join it" ;;
        process_start_wait) echo "start a process and wait for it" ;;
        pool_tiny_task) echo "a tiny task through a pool of 2 threads" ;;
        async_task) echo "a coroutine task that yields once" ;;
        async_task_memory) echo "resident memory per sleeping task (100k tasks)" ;;
        queue_2_threads) echo "messages through a queue between 2 threads" ;;
        msgs_2_processes) echo "64-byte messages from one process to another" ;;
        wakeup_round_trip) echo "two threads wake each other in turn: one round trip" ;;
        lock_counter_2_threads) echo "2 threads increment one counter under a lock" ;;
        shm_bulk_bytes) echo "copy 256 MiB into shared memory" ;;
        waits_200x10ms) echo "200 waits of 10 ms at once, on one thread" ;;
        http_pages_per_s) echo "read 200 pages of 20 KB over HTTP, no added latency" ;;
        http_server_req_per_s) echo "an HTTP server under 50 keep-alive connections" ;;
        echo_round_trips_per_s) echo "an echo server and 50 clients" ;;
        *) echo "$1" ;;
    esac
}

# One awk program formats numbers for people everywhere: 3 significant digits, k/M/G.
readonly HUMAN='function human(v,   p) {
    if (v == "") return "-"
    p = ""
    if (v >= 1e9) { v /= 1e9; p = " G" } else if (v >= 1e6) { v /= 1e6; p = " M" } else if (v >= 1e3) { v /= 1e3; p = " k" }
    return sprintf("%.3g%s", v, p)
}
function ratio(v) { return v == "" ? "-" : sprintf("%.3gx", v) }'

report="$dir/REPORT.md"
{
    echo "# Benchmark report"
    echo
    echo "Made by \`./cookbook bench\` on $(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -m)."
    echo "Each row: one C++ way; Python: the same workload in CPython ($(python3 --version 2>&1 || echo 'not installed'))."
    echo "limit: the raw POSIX/std baseline (or the ideal) measured in the same run."
    echo "The ratios are larger-is-better for C++: for a time Python/C++ and limit/C++, for a rate"
    echo "C++/Python and C++/limit."
} >"$report"

for chapter in $(tail -n +2 "$summary" | cut -d, -f1 | uniq); do
    {
        echo
        echo "## $chapter"
        echo
        echo "| question | unit | C++ | Python | limit | C++ vs Python | C++ vs limit |"
        echo "|---|---|---:|---:|---:|---:|---:|"
        awk -F, -v chapter="$chapter" "$HUMAN"'
            $1 == chapter { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, human($4), human($5), human($6), ratio($7), ratio($8) }' "$summary"
        echo
    } >>"$report"
    for question in $(awk -F, -v chapter="$chapter" '$1 == chapter { split($2, q, "/"); print q[1] }' "$summary" | uniq); do
        data="$charts/$question.dat"
        awk -F, -v question="$question" "$HUMAN"'
            { split($2, q, "/") }
            q[1] == question {
                printf "%d,%s,%s,%s,%s,%s,%s\n", n++, q[2], ($4 == "" ? "NaN" : $4), ($5 == "" ? "NaN" : $5),
                    ($6 == "" ? "NaN" : $6), ($4 == "" ? "" : human($4)), ($5 == "" ? "" : human($5))
            }' "$summary" >"$data"
        unit=$(awk -F, -v question="$question" '{ split($2, q, "/") } q[1] == question { print $3; exit }' "$summary")
        better="lower is better"
        [[ $unit == */s || $unit == x ]] && better="higher is better"
        # Log scale only where the values span more than a factor of 30.
        read -r spread top has_python has_limit < <(awk -F, '
            { for (i = 3; i <= 5; i++) if ($i != "NaN") { lo = (lo == "" || $i + 0 < lo) ? $i + 0 : lo; hi = ($i + 0 > hi) ? $i + 0 : hi } }
            $4 != "NaN" { python = 1 }
            $5 != "NaN" { limit = 1 }
            END { print ((lo > 0 && hi / lo > 30) ? "log" : "linear"), hi, python + 0, limit + 0 }' "$data")
        if command -v gnuplot >/dev/null; then
            gnuplot -e "data='$data'; png='$charts/$question.png'; title='$question: $(describe "$question")'; ylabel='$unit ($better)'; scale='$spread'; top=$top; has_python=$has_python; has_limit=$has_limit" \
                "$here/questions_chart.gp"
            echo "![$question]($(basename "$charts")/$question.png)" >>"$report"
            echo >>"$report"
        fi
        rm -f "$data"
    done
done
# The same table on the terminal, every chapter in one.
echo
awk -F, "$HUMAN"'
    NR == 1 { printf "%-6s %-44s %-14s %9s %9s %9s %8s %9s\n", "", "question", "unit", "C++", "Python", "limit", "C++/Py", "C++/limit"; next }
    { printf "%-6s %-44s %-14s %9s %9s %9s %8s %9s\n", $1, $2, $3, human($4), human($5), human($6), ratio($7), ratio($8) }' "$summary"
echo
echo "bench: summary $summary"
echo "bench: report $report"
