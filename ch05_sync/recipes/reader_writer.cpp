// Readers-writer locks between threads: many readers at once, or one writer alone.
//
// Python: nothing in the standard library (a Lock makes readers wait for each other too).
// Boost:  boost::shared_mutex with shared_lock (read), unique_lock (write) and upgrade_lock
//         (read now, perhaps write later). std: std::shared_mutex, std::shared_lock,
//         std::unique_lock -- no upgrade. Between processes: process_reader_writer.
//
// Readers read a document under a shared lock, all at once. In round r a writer brings the
// document up to version r + 1 unless another writer has: it reads the version under an
// upgrade_lock, beside the readers, and upgrades to exclusive only to write. Only one thread
// at a time holds upgrade ownership, so what it read still holds when it writes: the check and
// the write are one step, and each version is written once. common's Occupancy counts who is
// inside (the most readers at once, writers that had company) and torn reads.
// Notice: readers overlap (more than 1 inside at once), no writer has company, no read is
// torn, and the version ends at the number of rounds.
#include <boost/thread/shared_mutex.hpp>
#include <functional>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/occupancy.hpp"
#include "cookbook/threads.hpp"
#include "cookbook/trace.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;
using Mutex = boost::shared_mutex;
namespace trace = cookbook::trace;  // --trace FILE: a timeline

int main(int argc, char* argv[]) {
    int readers = 4, writers = 2, rounds = 15;
    std::chrono::milliseconds hold{2};
    cookbook::cli::Options options("ch05_reader_writer",
                                   "Readers overlap, writers are alone: shared and upgrade locks.");
    options.count("readers", readers, "reading threads", 2, 32)
        .count("writers", writers, "writing threads", 1, 32)
        .count("rounds", rounds, "reads or write attempts by each", 1, 1000)
        .milliseconds("hold-ms", hold, "how long a read holds the lock", 1ms, 100ms);
    options.parse(argc, argv);

    Mutex mutex;
    cookbook::Document doc;  // guarded by `mutex`
    cookbook::Occupancy occupancy;
    auto reader = [&] {
        for (int round = 0; round < rounds; ++round) {
            const auto asked = trace::now();
            const boost::shared_lock<Mutex> lock(mutex);  // beside the other readers
            trace::span_since(asked, "waiting to read", "wait");
            const trace::Span reading("reading (shared)", "hold");
            cookbook::read_document(doc, occupancy, hold);
        }
    };
    auto writer = [&] {
        for (int round = 0; round < rounds; ++round) {
            const auto asked = trace::now();
            boost::upgrade_lock<Mutex> may_write(mutex);  // readers go on reading
            trace::span_since(asked, "waiting for upgrade ownership", "wait");
            const trace::Span checking("holding upgrade ownership", "work");
            if (doc.version <= round) {  // read beside them: not up to date yet
                const auto upgrading = trace::now();
                const boost::upgrade_to_unique_lock<Mutex> writing(may_write);  // readers leave
                trace::span_since(upgrading, "waiting for the readers to leave", "wait");
                const trace::Span exclusive("writing (exclusive)", "hold");
                cookbook::write_document(doc, occupancy, hold);
            }
        }
    };
    std::vector<std::function<void()>> threads(readers, reader);
    threads.insert(threads.end(), writers, writer);
    try {
        cookbook::run_together(threads);  // they start together, once all exist
    } catch (const std::exception& e) {   // a thread could not be started
        console::error(e.what());
        return 1;
    }
    const bool ok = cookbook::report("threads", occupancy, doc, rounds);
    console::line("readers overlapped and writers were alone: ", ok ? "yes" : "NO");
    if (!ok) {
        console::error("a writer had company, a read was torn, or readers never overlapped");
        return 1;
    }
    return 0;
}
