// Readers-writer locks: many readers at once, or one writer alone.
//
// Python: nothing in the standard library (a Lock makes readers wait for each other too).
// Boost:  threads: boost::shared_mutex with shared_lock (read), unique_lock (write) and
//         upgrade_lock (read now, maybe write later); processes: interprocess_sharable_mutex
//         in shared memory with sharable_lock / scoped_lock.
// std:    std::shared_mutex, std::shared_lock, std::unique_lock (no upgrade).
//
// A writer changes the document's two numbers one after the other, pausing between: a reader
// that slipped into a write would see them differ. Atomics count who is inside: the most
// readers at once (> 1: they overlap) and writers that had company (none). In round r a writer
// brings the document up to version r + 1 unless another has: it reads, then writes only if it
// must. Part 1, threads: it reads under an upgrade_lock, beside the readers, and upgrades to
// exclusive only to write; one thread at a time holds upgrade ownership, so what it read still
// holds when it writes. Part 2, processes: one exclusive lock for the check and the write.
// Notice: readers overlap, no writer has company, no read is torn, the version ends at R.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_sharable_mutex.hpp>
#include <boost/interprocess/sync/sharable_lock.hpp>
#include <boost/thread/shared_mutex.hpp>
#include <functional>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/threads.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

namespace {

// Who is inside; atomics, so it works between threads and in shared memory. Each side raises
// its own count, then reads the other's: with the default (seq_cst) order, at least one of a
// reader and a writer that enter together sees the other. Weakened to acquire/release, both
// could read the other's old 0 (the store-buffering pattern) and a violation would go unseen.
struct Occupancy {
    std::atomic<int> readers{0}, writers{0}, most_readers{0}, violations{0}, torn_reads{0};

    void reader_in() {
        cookbook::raise_to(most_readers, readers.fetch_add(1) + 1);
        violations.fetch_add(writers.load() != 0 ? 1 : 0);
    }
    void reader_out() { readers.fetch_sub(1); }
    void writer_in() { violations.fetch_add(writers.fetch_add(1) != 0 || readers.load() != 0); }
    void writer_out() { writers.fetch_sub(1); }
};

struct Document {                // guarded by the readers-writer lock of each part
    long version = 0, copy = 0;  // copy == version, except in the middle of a write
};

struct Settings {
    int readers = 4, writers = 2, rounds = 15;
    milliseconds hold{2}, timeout{5000};
};

// A read and a write, each called with the right lock held.
void read_document(Document& doc, Occupancy& occupancy, const Settings& settings) {
    occupancy.reader_in();
    std::this_thread::sleep_for(settings.hold);  // stands in for a slow read
    occupancy.torn_reads.fetch_add(doc.version != doc.copy ? 1 : 0);
    occupancy.reader_out();
}
void write_document(Document& doc, Occupancy& occupancy, const Settings& settings) {
    occupancy.writer_in();
    ++doc.version;
    std::this_thread::sleep_for(std::chrono::microseconds(settings.hold) / 2);  // half-written
    doc.copy = doc.version;
    occupancy.writer_out();
}

void threads_part(Document& doc, Occupancy& occupancy, const Settings& settings) {
    using Mutex = boost::shared_mutex;
    Mutex mutex;
    auto reader = [&] {
        for (int round = 0; round < settings.rounds; ++round) {
            const boost::shared_lock<Mutex> lock(mutex);
            read_document(doc, occupancy, settings);
        }
    };
    auto writer = [&] {
        for (int round = 0; round < settings.rounds; ++round) {
            boost::upgrade_lock<Mutex> may_write(mutex);  // readers go on reading
            if (doc.version <= round) {                   // read beside them: not yet up to date
                const boost::upgrade_to_unique_lock<Mutex> writing(may_write);
                write_document(doc, occupancy, settings);  // readers have left
            }
        }
    };
    std::vector<std::function<void()>> threads(settings.readers, reader);
    threads.insert(threads.end(), settings.writers, writer);
    cookbook::run_together(threads);  // all start together, once all exist
}

struct Shared {  // part 2, in shared memory
    bip::interprocess_sharable_mutex mutex;
    Document doc;
    Occupancy occupancy;
    std::atomic<int> ready{0};
};

void process_child(int index, Shared& shared, const Settings& settings) {
    cookbook::ipc::start_line(shared.ready, settings.readers + settings.writers);
    for (int round = 0; round < settings.rounds; ++round) {
        if (index < settings.readers) {
            bip::sharable_lock<bip::interprocess_sharable_mutex> lock(
                shared.mutex, cookbook::ipc::deadline_in(settings.timeout));
            if (!lock.owns()) {
                throw cookbook::ipc::Timeout("no read lock in time (did a writer die?)");
            }
            read_document(shared.doc, shared.occupancy, settings);
        } else {
            const auto lock = cookbook::ipc::lock_within(shared.mutex, settings.timeout);
            if (shared.doc.version <= round) {  // not yet brought up to round + 1
                write_document(shared.doc, shared.occupancy, settings);
            }
        }
    }
}

// One line per part; true if the part kept every promise.
bool report(const char* part, const Occupancy& occupancy, const Document& doc,
            const Settings& settings) {
    console::line(part, ": most readers inside at once: ", occupancy.most_readers.load(),
                  "; writers with company: ", occupancy.violations.load(),
                  "; torn reads: ", occupancy.torn_reads.load(), "; version: ", doc.version, " of ",
                  settings.rounds);
    return occupancy.most_readers.load() > 1 && occupancy.violations.load() == 0 &&
           occupancy.torn_reads.load() == 0 && doc.version == settings.rounds;
}

}  // namespace

int main(int argc, char* argv[]) {
    Settings settings;
    int child = -1;
    std::string child_shm;
    cookbook::cli::Options options("ch05_reader_writer",
                                   "Readers overlap, writers are alone: shared and upgrade locks.");
    options.count("readers", settings.readers, "reading threads / processes", 2, 32)
        .count("writers", settings.writers, "writing threads / processes", 1, 32)
        .count("rounds", settings.rounds, "reads or write attempts by each", 1, 1000)
        .milliseconds("hold-ms", settings.hold, "how long a read holds the lock", 1ms, 100ms)
        .milliseconds("timeout-ms", settings.timeout, "longest wait for a lock (part 2)", 1ms, 60s)
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);

    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            process_child(child, cookbook::ipc::find_in<Shared>(shm, "shared"), settings);
            return 0;
        }
        Document doc;
        Occupancy occupancy;
        threads_part(doc, occupancy, settings);
        const bool threads_ok = report("part 1, threads", occupancy, doc, settings);

        const std::string name = cookbook::ipc::unique_name("reader_writer");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        std::vector<cookbook::Child> children;
        for (int i = 0; i < settings.readers + settings.writers; ++i) {  // our options, its part
            children.push_back(cookbook::Child::self(
                options.arguments({"--child", std::to_string(i), "--shm", name})));
        }
        const bool processes_ok =
            cookbook::wait_all(children, settings.timeout * 2 + milliseconds(10'000)) &&
            report("part 2, processes", shared.occupancy, shared.doc, settings);

        console::line("readers overlapped and writers were alone: ", threads_ok ? "yes" : "NO",
                      " with threads, ", processes_ok ? "yes" : "NO", " with processes");
        if (!threads_ok || !processes_ok) {
            console::error("a writer had company, a read was torn, or readers never overlapped");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
