// Readers-writer locks between processes: many readers at once, or one writer alone.
//
// Python: nothing in the standard library (multiprocessing has no readers-writer lock).
// Boost:  boost::interprocess::interprocess_sharable_mutex in shared memory: sharable_lock to
//         read, scoped_lock to write. (interprocess_upgradable_mutex adds upgrades, as
//         boost::shared_mutex does between threads: see reader_writer.)
// std:    nothing between processes.
//
// The same test as reader_writer's, with processes: reader processes read a document in
// shared memory under a sharable lock; in round r a writer process brings it up to version
// r + 1 unless another has, checking and writing under one exclusive lock. Every lock has a
// deadline, so a process that dies holding one costs the others a timeout -- except inside the
// lock's own few instructions: it is built on a mutex and conditions, which such a death
// poisons (see the guide). common's Occupancy counts who is inside and the torn reads.
// Notice: readers overlap, no writer has company, no read is torn, the version ends at R.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_sharable_mutex.hpp>
#include <boost/interprocess/sync/sharable_lock.hpp>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/occupancy.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
namespace ipc = cookbook::ipc;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

namespace {

struct Shared {  // in the segment
    bip::interprocess_sharable_mutex mutex;
    cookbook::Document doc;  // guarded by `mutex`
    cookbook::Occupancy occupancy;
    std::atomic<int> ready{0};  // the start line
};

struct Settings {
    int readers = 4, writers = 2, rounds = 15;
    milliseconds hold{2}, timeout{5000};
};

// Child `index`: a reader if index < readers, else a writer.
void run_child(int index, Shared& shared, const Settings& settings) {
    ipc::start_line(shared.ready, settings.readers + settings.writers);
    for (int round = 0; round < settings.rounds; ++round) {
        if (index < settings.readers) {
            bip::sharable_lock<bip::interprocess_sharable_mutex> lock(
                shared.mutex, ipc::deadline_in(settings.timeout));
            if (!lock.owns()) {
                throw ipc::Timeout("no read lock in time (did a writer die?)");
            }
            cookbook::read_document(shared.doc, shared.occupancy, settings.hold);
        } else {
            const auto lock = ipc::lock_within(shared.mutex, settings.timeout);  // exclusive
            if (shared.doc.version <= round) {  // not yet brought up to round + 1
                cookbook::write_document(shared.doc, shared.occupancy, settings.hold);
            }
        }
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    Settings settings;
    int child = -1;
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_reader_writer",
                                   "Reader and writer processes, one sharable mutex.");
    options.count("readers", settings.readers, "reading processes", 2, 32)
        .count("writers", settings.writers, "writing processes", 1, 32)
        .count("rounds", settings.rounds, "reads or write attempts by each", 1, 1000)
        .milliseconds("hold-ms", settings.hold, "how long a read holds the lock", 1ms, 100ms)
        .milliseconds("timeout-ms", settings.timeout, "longest wait for a lock", 1ms, 60s)
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);
    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            run_child(child, ipc::find_in<Shared>(shm, "shared"), settings);
            return 0;
        }
        const std::string name = ipc::unique_name("reader_writer");
        ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        std::vector<cookbook::Child> children;
        for (int i = 0; i < settings.readers + settings.writers; ++i) {  // our options, its part
            children.push_back(cookbook::Child::self(
                options.arguments({"--child", std::to_string(i), "--shm", name})));
        }
        const bool ok = cookbook::wait_all(children, settings.timeout * 2 + 10s) &&
                        cookbook::report("processes", shared.occupancy, shared.doc,
                                         settings.rounds);  // all have ended: nothing changes
        console::line("readers overlapped and writers were alone: ", ok ? "yes" : "NO");
        if (!ok) {
            console::error("a writer had company, a read was torn, or readers never overlapped");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
