// Exercise data_processing -- your work goes here. See ../README.md for the task, and
// ../given.hpp for what you get: the corpus, count_file(), count_serial(), Task and Result.
//
//   parent --Task{path}--> [tasks queue] --> worker 0 .. N-1 (this program,
//   --data-processing-worker) parent <--Result{word, count} ... Result{done}-- [results queue] <--
//
// Build and run the tests against this file:
//   cmake --build build/ch03 --target ch03_data_processing_starter &&
//   build/ch03/ch03_data_processing_starter
#pragma once

#include <unistd.h>

#include <boost/interprocess/ipc/message_queue.hpp>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "../given.hpp"
#include "cookbook/child.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/message_queue.hpp"

namespace data_processing {

namespace bip = boost::interprocess;
using namespace std::chrono_literals;

// The worker: started as this same program with --data-processing-worker TASKS RESULTS.
inline int run_worker(const std::string& tasks_name, const std::string& results_name) {
    // TODO 1: open both queues (bip::open_only) by the names you were given.
    // TODO 2: loop: receive a Task with cookbook::ipc::receive_within(tasks, task, 200ms) (not
    //         timed_receive: see common/include/cookbook/message_queue.hpp for why).
    //         - nothing came: if ::getppid() is no longer your first parent, return 1; else go on;
    //         - an empty path means "stop": leave the loop;
    //         - else add count_file(task.path) into one Counts of this worker.
    //         If count_file throws, send Result{Result::failed, ...} with the message, return 1.
    // TODO 3: send one Result{Result::word, count, ::getpid(), word} per word of your Counts,
    //         then Result{Result::done, <how many word results you sent>, ::getpid(), ""}.
    //         Send with ipc::send_within(results, result, 200ms) in a loop, as in TODO 2.
    (void)tasks_name;
    (void)results_name;
    return 1;
}

// The word counts of all `paths`, computed by `workers` worker processes. Must return exactly
// what count_serial(paths) returns.
inline Counts count_parallel(const std::vector<std::string>& paths, int workers) {
    // TODO 4: workers < 1 -> throw std::invalid_argument.
    // TODO 5: two queue names from cookbook::ipc::unique_name(), a remove_guard for each, then
    //         create the queues (bip::create_only; message sizes sizeof(Task), sizeof(Result)).
    // TODO 6: start the workers: cookbook::Child::self({"--data-processing-worker", tasks,
    // results}).
    //         Declare the vector of Child after the queues, so that it is destroyed first.
    // TODO 7: send one Task per path, then one empty Task (stop) per worker:
    //         ipc::send_within(tasks, task, 10s, children) (bounded; back at once if one ends).
    // TODO 8: receive Results until every worker has sent `done`: add up the words; a `failed`
    //         -> throw; a `done` whose count differs from the words you got from that worker ->
    //         throw. Receive with ipc::receive_within(results, result, 30s, watched), where
    //         `watched` holds the workers that have not sent `done` yet (move a worker out
    //         when its `done` comes): Transfer::child_ended then means one died -> throw.
    // TODO 9: wait for every worker (child.wait(5s)) and return the total.
    (void)paths;
    (void)workers;
    throw std::logic_error(
        "count_parallel is not written yet: see the TODOs in data_processing.hpp");
}

}  // namespace data_processing
