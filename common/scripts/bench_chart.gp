# A bar chart of one benchmark program's results: time per operation, log scale.
# Called by ./cookbook bench as: gnuplot -e "csv='in.csv'; png='out.png'; title='...'" bench_chart.gp
# in.csv: name,ns_per_op,items_per_second,bytes_per_second (a header line, then one row each).
set datafile separator ','
set terminal pngcairo size 1100,650 noenhanced font ',10'
set output png
set title title
set style fill solid 0.85 border -1
set boxwidth 0.7
set logscale y
set ylabel 'nanoseconds per operation (log scale)'
set xtics rotate by -30 left nomirror
set grid ytics
set bmargin 12
set rmargin 12
set offsets 0.5, 0.5, 0, 0
plot csv using 0:2:xtic(1) skip 1 with boxes linecolor rgb '#3b6ea5' notitle, \
     csv using 0:2:(sprintf('%.3g', $2)) skip 1 with labels offset 0,0.8 notitle
