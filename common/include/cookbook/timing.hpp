// Measuring: a stopwatch, a table of results (time, speedup, efficiency) for the terminal
// and as CSV for gnuplot, and a high-water mark.
//
//   Stopwatch watch;                   // starts now
//   ... work ...
//   double s = watch.seconds();
//
//   ResultTable table("primes below 1e6");
//   table.add("serial", 0.118, 1);     // the first row is the baseline of the speedups
//   table.add("2 threads", 0.061, 2);  // speedup 1.93x, efficiency 97%
//   table.print();                     // aligned columns and a bar per row
//   table.write_csv("build/ch01/cpu.csv");
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace cookbook {

// A high-water mark that many threads (or processes, in shared memory) raise at once without a
// lock: sets `high` to `value` if `value` is larger. "At most K inside at once" is measured so.
inline void raise_to(std::atomic<int>& high, int value) {
    int seen = high.load();
    while (seen < value && !high.compare_exchange_weak(seen, value)) {
        // compare_exchange_weak reloaded `seen`: try again while ours is still larger
    }
}

class Stopwatch {
  public:
    using Clock = std::chrono::steady_clock;  // monotonic: never jumps with the wall clock

    Stopwatch() : start_(Clock::now()) {}
    void restart() { start_ = Clock::now(); }
    Clock::duration elapsed() const { return Clock::now() - start_; }
    double seconds() const { return std::chrono::duration<double>(elapsed()).count(); }
    double milliseconds() const { return seconds() * 1e3; }

  private:
    Clock::time_point start_;
};

struct ResultRow {
    std::string group;  // "" unless the table has groups (start_group)
    std::string name;
    double seconds;
    int workers;        // threads or processes used: efficiency = speedup / workers
    double speedup;     // baseline seconds / seconds
    double efficiency;  // speedup / workers
};

class ResultTable {
  public:
    explicit ResultTable(std::string title) : title_(std::move(title)) {}

    // The first row added is the baseline (speedup 1.0).
    void add(std::string name, double seconds, int workers = 1);

    // Starts a group of rows with its own baseline (its first row): one table for two
    // workloads, e.g. "200 waits" and "100 HTTP fetches". In the CSV a row's name is
    // "group: name".
    void start_group(std::string group);

    const std::vector<ResultRow>& rows() const { return rows_; }

    // The rendered table: a header, one aligned line per row with a bar proportional to time.
    std::string render() const;
    void print() const;  // render() through the console

    // name,seconds,workers,speedup,efficiency -- a header line, then one line per row.
    std::string csv() const;
    // Writes csv() to a file (creating its directory); false with a message on failure.
    bool write_csv(const std::string& path) const;

  private:
    std::string title_;
    std::string group_;
    std::size_t group_start_ = 0;  // index of the current group's first row: its baseline
    std::vector<ResultRow> rows_;
};

}  // namespace cookbook
