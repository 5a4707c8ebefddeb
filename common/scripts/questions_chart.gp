# One benchmark question as a chart: per C++ variant, a C++ bar and a Python bar side by side,
# the limit as a dashed line across the pair, and each bar's value written above it.
# Called by bench_report.sh as:
#   gnuplot -e "data='q.dat'; png='q.png'; title='...'; ylabel='us (lower is better)'; scale='log';
#               top=123.4; has_python=1; has_limit=0" questions_chart.gp
# (top: the largest value in q.dat; has_*: whether that column has any figure)
# q.dat: index,variant,cpp,python,limit,cpp label,python label (NaN where a figure is missing).
set datafile separator ','
set datafile missing 'NaN'
set terminal pngcairo size 900,520 noenhanced font ',11'
set output png
set title title font ',13'
set ylabel ylabel
set style fill solid 0.9 border -1
set boxwidth 0.34
set grid ytics lc rgb '#dddddd'
set key top right
set xtics nomirror
set ytics nomirror
set border 3
set offsets 0.6, 0.6, 0, 0
if (scale eq 'log') {
    set logscale y
    set format y '%.0s%c'
    set yrange [*:top * 4]
} else {
    set format y (top >= 10000 ? '%.1s%c' : '%g')
    set yrange [0:top * 1.18]
}
cmd = "plot data using ($1 - 0.18):3:xtic(2) with boxes lc rgb '#2f6db5' title 'C++', " . \
      "data using ($1 - 0.18):3:6 with labels offset 0,0.8 notitle"
if (has_python) {
    cmd = cmd . ", data using ($1 + 0.18):4 with boxes lc rgb '#e8a33d' title 'Python', " . \
          "data using ($1 + 0.18):4:7 with labels offset 0,0.8 notitle"
}
if (has_limit) {
    cmd = cmd . ", data using ($1 - 0.42):5:(0.84):(0) with vectors nohead lw 2.5 dt 2 " . \
          "lc rgb '#222222' title 'limit'"
}
eval(cmd)
