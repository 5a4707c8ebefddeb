// Exercise data_processing -- the reference solution. See ../README.md for the task.
//
// Word frequencies over many text files, counted by a pool of worker processes:
//
//   parent --Task{path}--> [tasks queue] --> worker 0 .. N-1 (this program,
//   --data-processing-worker) parent <--Result{word, count} ... Result{done}-- [results queue] <--
//
// Each worker counts the words of every file it takes into one map of its own, and sends that
// map only once, when it is told to stop: combining locally first means one message per
// distinct word per worker, instead of one per word of the input.
#pragma once

#include <unistd.h>

#include <algorithm>
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
namespace ipc = cookbook::ipc;
using namespace std::chrono_literals;

// The worker: count every file it is sent; when told to stop, send its counts and a `done`.
inline int run_worker(const std::string& tasks_name, const std::string& results_name) {
    bip::message_queue tasks(bip::open_only, tasks_name.c_str());
    bip::message_queue results(bip::open_only, results_name.c_str());
    const pid_t parent = ::getppid();
    auto send = [&](Result result) {
        result.worker = ::getpid();
        while (ipc::send_within(results, result, 200ms) != ipc::Transfer::done) {
            if (::getppid() != parent) {
                throw std::runtime_error("the parent is gone");
            }
        }
    };
    Counts counts;
    while (true) {
        Task task{};
        if (ipc::receive_within(tasks, task, 200ms) != ipc::Transfer::done) {
            if (::getppid() != parent) {
                return 1;
            }
            continue;
        }
        if (task.path[0] == '\0') {
            break;
        }
        try {
            for (const auto& [word, count] : count_file(task.path)) {
                if (word.size() >= sizeof Result::text) {
                    throw std::runtime_error("word too long in " + std::string(task.path));
                }
                counts[word] += count;
            }
        } catch (const std::exception& e) {
            Result failed{Result::failed, 0, 0, {}};
            std::strncpy(failed.text, e.what(), sizeof failed.text - 1);
            send(failed);
            return 1;
        }
    }
    for (const auto& [word, count] : counts) {
        Result entry{Result::word, count, 0, {}};
        std::strncpy(entry.text, word.c_str(), sizeof entry.text - 1);
        send(entry);
    }
    send({Result::done, static_cast<long>(counts.size()), 0, {}});
    return 0;
}

// The word counts of all `paths`, computed by `workers` worker processes.
inline Counts count_parallel(const std::vector<std::string>& paths, int workers) {
    if (workers < 1) {
        throw std::invalid_argument("count_parallel: workers must be at least 1");
    }
    const std::string tasks_name = cookbook::ipc::unique_name("data_tasks");
    const std::string results_name = cookbook::ipc::unique_name("data_results");
    const cookbook::ipc::remove_guard<bip::message_queue> remove_tasks(tasks_name);
    const cookbook::ipc::remove_guard<bip::message_queue> remove_results(results_name);
    bip::message_queue tasks(bip::create_only, tasks_name.c_str(), 64, sizeof(Task));
    bip::message_queue results(bip::create_only, results_name.c_str(), 256, sizeof(Result));
    std::vector<cookbook::Child> children;  // declared after the queues: ended before they go
    std::vector<cookbook::Child> finished;  // those that have sent `done`
    for (int i = 0; i < workers; ++i) {
        children.push_back(
            cookbook::Child::self({"--data-processing-worker", tasks_name, results_name}));
    }

    // Send every path, then one stop per worker. The results queue is read only afterwards,
    // which is safe: workers send nothing until they are stopped. No wait is ever inside a
    // queue (timed_send, timed_receive): a worker killed in the middle of a call on one would
    // leave such a wait stuck (common/include/cookbook/message_queue.hpp says why).
    auto send = [&](const std::string& path) {
        Task task{};
        if (path.size() >= sizeof task.path) {
            throw std::invalid_argument("path too long: " + path);
        }
        std::strncpy(task.path, path.c_str(), sizeof task.path - 1);
        if (ipc::send_within(tasks, task, 10s, children) != ipc::Transfer::done) {
            throw std::runtime_error("the task queue stayed full for 10 s, or a worker ended");
        }
    };
    for (const auto& path : paths) {
        send(path);
    }
    for (int i = 0; i < workers; ++i) {
        send("");
    }

    Counts total;
    std::map<long, long> words_from;  // per worker pid: word messages received
    for (int done = 0; done < workers;) {
        Result result{};
        // Watching the workers that have not said `done`: one that ends wakes this at once.
        const ipc::Transfer got = ipc::receive_within(results, result, 30s, children);
        if (got == ipc::Transfer::child_ended) {
            for (auto& child : children) {
                if (const auto status = child.wait_for(0ms)) {
                    throw std::runtime_error("worker " + std::to_string(child.pid()) +
                                             " ended before it was done: " + status->describe());
                }
            }
        }
        if (got == ipc::Transfer::timed_out) {
            throw std::runtime_error("no message from the workers for 30 s");
        }
        if (result.kind == Result::failed) {
            throw std::runtime_error(std::string("a worker failed: ") + result.text);
        }
        if (result.kind == Result::word) {
            total[result.text] += result.count;
            ++words_from[result.worker];
        } else if (result.count != words_from[result.worker]) {
            throw std::runtime_error("a worker's counts were lost on the way");
        } else {  // done: it may end now, so it is watched no more
            ++done;
            const auto it = std::find_if(children.begin(), children.end(), [&](const auto& child) {
                return child.pid() == result.worker;
            });
            if (it != children.end()) {
                finished.push_back(std::move(*it));
                children.erase(it);
            }
        }
    }
    for (auto& child : finished) {
        if (!child.wait(5s).ok()) {
            throw std::runtime_error("a worker did not exit cleanly");
        }
    }
    return total;
}

}  // namespace data_processing
