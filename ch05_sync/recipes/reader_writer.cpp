// Readers-writer locks: many readers at once, or one writer alone.
//
// Python: nothing in the standard library (a Lock makes readers wait for each other too).
// Boost:  threads: boost::shared_mutex with shared_lock (read), unique_lock (write) and
//         upgrade_lock (read now, maybe write later); processes: interprocess_sharable_mutex
//         in shared memory with sharable_lock / scoped_lock.
// std:    std::shared_mutex, std::shared_lock, std::unique_lock (no upgrade).
//
// Readers and writers share a document of two numbers that a writer changes one after the
// other (with a pause between), so a reader that slipped in during a write would see them
// differ. Who is inside is counted with atomics, which measures both claims: the most readers
// inside at once (more than 1: they overlap) and every time a writer had company (none).
// Part 1 uses threads; the writers enter with an upgrade_lock (they may read alongside the
// readers) and upgrade to exclusive only to write. Part 2 does the same with processes.
// Notice: the readers overlap, no writer ever has company, and no reader sees half a write.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_sharable_mutex.hpp>
#include <boost/interprocess/sync/sharable_lock.hpp>
#include <boost/thread/barrier.hpp>
#include <boost/thread/shared_mutex.hpp>
#include <boost/thread/thread.hpp>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

struct Occupancy {  // who is inside; atomics, so it works between threads and in shared memory
    std::atomic<int> readers{0}, writers{0}, most_readers{0}, violations{0}, torn_reads{0};

    void reader_in() {
        cookbook::raise_to(most_readers, readers.fetch_add(1) + 1);
        violations.fetch_add(writers.load() != 0 ? 1 : 0);
    }
    void reader_out() { readers.fetch_sub(1); }
    void writer_in() { violations.fetch_add(writers.fetch_add(1) != 0 || readers.load() != 0); }
    void writer_out() { writers.fetch_sub(1); }
};

struct Document {  // guarded by the readers-writer lock of each part
    long version = 0;
    long copy = 0;  // equals version except in the middle of a write
};

struct Settings {
    int readers = 4, writers = 2, rounds = 15;
    milliseconds hold{2};
    milliseconds timeout{5000};
};

// A reader's or writer's part of one round. Called with the right lock held.
void read_document(Document& doc, Occupancy& occupancy, const Settings& settings) {
    occupancy.reader_in();
    std::this_thread::sleep_for(settings.hold);  // stands in for a slow read
    occupancy.torn_reads.fetch_add(doc.version != doc.copy ? 1 : 0);
    occupancy.reader_out();
}
void write_document(Document& doc, Occupancy& occupancy, const Settings& settings) {
    occupancy.writer_in();
    ++doc.version;
    std::this_thread::sleep_for(settings.hold / 2);  // half-written for a while
    doc.copy = doc.version;
    occupancy.writer_out();
}

void threads_part(Document& doc, Occupancy& occupancy, const Settings& settings) {
    boost::shared_mutex mutex;
    boost::barrier start(settings.readers + settings.writers);  // all begin together
    std::vector<boost::thread> threads;
    for (int i = 0; i < settings.readers + settings.writers; ++i) {
        const bool reader = i < settings.readers;
        threads.emplace_back([&, reader] {
            start.wait();
            for (int round = 0; round < settings.rounds; ++round) {
                if (reader) {
                    const boost::shared_lock<boost::shared_mutex> lock(mutex);
                    read_document(doc, occupancy, settings);
                } else {
                    boost::upgrade_lock<boost::shared_mutex> may_write(mutex);  // readers go on
                    const boost::upgrade_to_unique_lock<boost::shared_mutex> writing(may_write);
                    write_document(doc, occupancy, settings);  // exclusive: readers have left
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
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
            write_document(shared.doc, shared.occupancy, settings);
        }
    }
}

// One line per part; true if the part kept both promises.
bool report(const char* part, const Occupancy& occupancy, const Document& doc,
            const Settings& settings) {
    const long writes = static_cast<long>(settings.writers) * settings.rounds;
    console::line(part, ": most readers inside at once: ", occupancy.most_readers.load(),
                  "; writers with company: ", occupancy.violations.load(),
                  "; torn reads: ", occupancy.torn_reads.load(), "; writes: ", doc.version, " of ",
                  writes);
    return occupancy.most_readers.load() > 1 && occupancy.violations.load() == 0 &&
           occupancy.torn_reads.load() == 0 && doc.version == writes;
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
        .count("rounds", settings.rounds, "reads or writes by each", 1, 1000)
        .milliseconds("hold-ms", settings.hold, "how long a read holds the lock", milliseconds(1),
                      milliseconds(100))
        .milliseconds("timeout-ms", settings.timeout, "longest wait for a lock (part 2)",
                      milliseconds(1), milliseconds(60'000))
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);

    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            process_child(child, *shm.find<Shared>("shared").first, settings);
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
        for (int i = 0; i < settings.readers + settings.writers; ++i) {
            children.push_back(cookbook::Child::self(
                {"--child", std::to_string(i), "--shm", name, "--readers",
                 std::to_string(settings.readers), "--writers", std::to_string(settings.writers),
                 "--rounds", std::to_string(settings.rounds), "--hold-ms",
                 std::to_string(settings.hold.count()), "--timeout-ms",
                 std::to_string(settings.timeout.count())}));
        }
        const bool children_ok =
            cookbook::wait_all(children, settings.timeout * 2 + milliseconds(10'000));
        const bool processes_ok =
            children_ok && report("part 2, processes", shared.occupancy, shared.doc, settings);

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
