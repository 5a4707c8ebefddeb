# A chart of a comparison recipe's table (cookbook::ResultTable::write_csv): seconds per model
# as bars (left axis) and speedup over the baseline (the first row, or its group's first row) as points (right axis).
# Called by ./cookbook bench as: gnuplot -e "csv='in.csv'; png='out.png'; title='...'" table_chart.gp
# in.csv: name,seconds,workers,speedup,efficiency (a header line, then one row per model).
set datafile separator ','
set terminal pngcairo size 1100,650 noenhanced font ',10'
set output png
set title title
set style fill solid 0.85 border -1
set boxwidth 0.6
set ylabel 'seconds (bars)'
set y2label 'speedup over the baseline row (points)'
set yrange [0:*]
set y2range [0:*]
set ytics nomirror
set y2tics
set xtics rotate by -30 left nomirror
set grid ytics
set bmargin 10
set offsets 0.5, 0.5, 0, 0
plot csv using 0:2:xtic(1) skip 1 with boxes linecolor rgb '#3b6ea5' title 'seconds', \
     csv using 0:4 skip 1 axes x1y2 with linespoints pointtype 7 pointsize 1.5 linecolor rgb '#c0392b' title 'speedup', \
     csv using 0:4:(sprintf('%.2fx', $4)) skip 1 axes x1y2 with labels offset 0,1 notitle
