// Managing state between processes: a dict and a list that every child writes to.
//
// Python: multiprocessing.Manager() with manager.dict() and manager.list(); the 1st edition's
//         manager.py has 10 processes each write dictionary[i] = 2 * i.
// Boost:  a managed_shared_memory segment holding a bip::map and a bip::vector whose
//         allocators take their memory from the segment, and a bip::named_mutex around them.
// std:    std::map and std::vector cannot live there as they are: their pointers would mean
//         nothing in another process. Boost's containers use offset pointers instead.
//
// A Python Manager is a server process: each d[k] = v is a message to it, applied one at a
// time. Here the data itself is in shared memory and every process writes it directly --
// much faster, but each must take the lock; a process that dies holding it leaves it locked
// (hence a time limit on every lock) and may leave a container half-written (hence no reading
// after a child failed); and the segment must be removed by someone.
// Notice: the dict is printed in key order (a map is sorted); the list in arrival order,
// which changes from run to run.
#include <algorithm>
#include <boost/interprocess/allocators/allocator.hpp>
#include <boost/interprocess/containers/map.hpp>
#include <boost/interprocess/containers/vector.hpp>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
namespace ipc = cookbook::ipc;
using namespace std::chrono_literals;

namespace {

using SegmentManager = bip::managed_shared_memory::segment_manager;
using Dict = bip::map<long, long, std::less<long>,
                      bip::allocator<std::pair<const long, long>, SegmentManager>>;
using List = bip::vector<long, bip::allocator<long, SegmentManager>>;

// Child `index` writes keys index * items ... index * items + items - 1: d[key] = 2 * key and
// key appended to the list, each write under the named mutex (at most 2 s to get it).
int run_child(int index, long items, const std::string& segment_name,
              const std::string& lock_name) {
    bip::managed_shared_memory segment(bip::open_only, segment_name.c_str());
    bip::named_mutex lock(bip::open_only, lock_name.c_str());
    Dict& dict = ipc::find_in<Dict>(segment, "dict");  // throws if it is not there
    List& list = ipc::find_in<List>(segment, "list");
    for (long key = index * items; key < (index + 1) * items; ++key) {
        const auto guard = ipc::lock_within(lock, 2s);  // throws ipc::Timeout
        dict[key] = 2 * key;                            // allocates the node in the segment
        list.push_back(key);
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 10;
    long items = 1;
    int child = -1;
    std::string segment_name, lock_name;
    cookbook::cli::Options options("ch03_manager",
                                   "A shared dict and list (Python's Manager) in shared memory.");
    options.count("processes", processes, "child processes", 1, 64)
        .count("items", items, "dict entries and list items written by each child", 1, 10'000)
        .internal("child", child)
        .internal("segment", segment_name)
        .internal("lock", lock_name);
    options.parse(argc, argv);
    if (child >= 0) {
        try {
            return run_child(child, items, segment_name, lock_name);
        } catch (const std::exception& e) {  // bad_alloc if the segment is full, among others
            console::error("child ", child, ": ", e.what());
            return 1;
        }
    }

    // The parent creates both objects and removes them on every way out.
    const std::string name = ipc::unique_name("manager");
    const std::string lock_name_here = ipc::unique_name("manager_lock");
    const ipc::remove_guard<bip::shared_memory_object> remove_segment(name);
    const ipc::remove_guard<bip::named_mutex> remove_lock(lock_name_here);
    const long total = processes * items;
    bip::managed_shared_memory segment(bip::create_only, name.c_str(),
                                       64 * 1024 + static_cast<std::size_t>(total) * 128);
    bip::named_mutex lock(bip::create_only, lock_name_here.c_str());
    Dict* dict = segment.construct<Dict>("dict")(segment.get_segment_manager());
    List* list = segment.construct<List>("list")(segment.get_segment_manager());

    std::vector<cookbook::Child> children;
    for (int i = 0; i < processes; ++i) {  // the parent's options, plus what makes it a child
        children.push_back(cookbook::Child::self(
            options.arguments({"--child", std::to_string(i), "--segment", name, "--lock",
                               lock_name_here})));  // our options, its part
    }
    if (!cookbook::wait_all(children, 30s)) {  // each one that failed is reported
        // One that was killed or crashed may have stopped in the middle of a write: a node
        // half-linked into the map, a vector half-grown. Walking them now could crash.
        console::error("a child failed: the shared containers may be inconsistent");
        return 1;
    }

    // Every child has ended normally: nobody else touches the containers, no lock needed.
    long right = 0;
    for (long key = 0; key < total; ++key) {
        const auto found = dict->find(key);
        right += (found != dict->end() && found->second == 2 * key) ? 1 : 0;
    }
    std::vector<long> sorted(list->begin(), list->end());
    std::sort(sorted.begin(), sorted.end());
    long listed = 0;
    for (long i = 0; i < static_cast<long>(sorted.size()); ++i) {
        listed += sorted[i] == i ? 1 : 0;
    }
    std::string first_entries, first_items;  // the first ten of each
    for (auto entry = dict->begin(); entry != dict->end() && entry->first < 10; ++entry) {
        first_entries += (entry == dict->begin() ? "" : ", ") + std::to_string(entry->first) +
                         ": " + std::to_string(entry->second);
    }
    for (std::size_t i = 0; i < list->size() && i < 10; ++i) {
        first_items += (i == 0 ? "" : ", ") + std::to_string((*list)[i]);
    }
    console::line("children that finished: ", processes, " of ", processes);
    console::line("dict: {", first_entries, total > 10 ? ", ...}" : "}");
    console::line("list (arrival order): [", first_items, total > 10 ? ", ...]" : "]");
    console::line("writes present: dict ", right, " of ", total, " (d[k] == 2k), list ", listed,
                  " of ", total, " (each key once); dict size ", dict->size(), ", list size ",
                  list->size());
    if (right != total || listed != total || static_cast<long>(dict->size()) != total ||
        static_cast<long>(list->size()) != total) {
        console::error("some process's writes are missing");
        return 1;
    }
    return 0;
}
