# A swim-lane picture of a trace: one row per thread (processes grouped), a bar per span
# coloured by its kind, a red mark per instant, time in ms. Called by ./cookbook trace as:
#   gnuplot -e "prefix='build/trace/lock'; png='build/trace/lock.png'; title='ch02 lock'" trace_chart.gp
# after cookbook_trace_lanes has written prefix.bars, prefix.marks and prefix.gp.
load prefix.'.gp'
set terminal pngcairo size 1100, (140 + 34 * lanes) noenhanced font ',10'
set output png
set title title font ',12'
set xlabel 'time (ms)'
set yrange [lanes - 0.5:-0.5]
set xrange [0:run_ms * 1.01]
set grid xtics lc rgb '#e0e0e0'
set border 3
set xtics nomirror
set ytics nomirror scale 0
set key outside bottom center horizontal
set style fill solid 0.9 noborder
cmd = "plot prefix.'.bars' using (($2 + $3) / 2):1:(($3 - $2) / 2):(0.32):4 " . \
      "with boxxyerror fc rgb variable notitle" . legend
if (has_marks) {
    cmd = cmd . ", prefix.'.marks' using 2:1 with points pt 9 ps 1.4 lc rgb '#d62728' title 'instant'"
}
eval(cmd)
