#include "cookbook/process_pool.hpp"

#include <atomic>

namespace cookbook {
namespace {

namespace bip = boost::interprocess;

// Several pools in one process get names of their own.
std::string next_name(const char* what) {
    static std::atomic<int> pools{0};
    return ipc::unique_name("pool" + std::to_string(++pools) + "_" + what);
}

}  // namespace

ProcessPool::ProcessPool(int workers, const std::vector<std::string>& worker_args,
                         unsigned capacity)
    : tasks_name_(next_name("tasks")),
      results_name_(next_name("results")),
      remove_tasks_(tasks_name_),
      remove_results_(results_name_),
      tasks_(bip::create_only, tasks_name_.c_str(), capacity, sizeof(PoolTask)),
      results_(bip::create_only, results_name_.c_str(), capacity, sizeof(PoolResult)) {
    for (int i = 0; i < workers; ++i) {
        std::vector<std::string> args = worker_args;
        args.insert(args.end(), {"--worker", std::to_string(i), "--task-queue", tasks_name_,
                                 "--result-queue", results_name_});
        workers_.push_back(Child::self(args));
    }
}

void ProcessPool::submit(const PoolTask& task, std::chrono::milliseconds timeout) {
    try {  // not watching the workers here: next_result() does, perhaps on another thread
        if (ipc::send_within(tasks_, task, timeout) != ipc::Transfer::done) {
            throw std::runtime_error("the task queue stayed full: are the workers stuck?");
        }
    } catch (const ipc::PeerDied& e) {
        throw WorkerDied(e.what());
    }
}

std::optional<PoolResult> ProcessPool::next_result(std::chrono::milliseconds timeout) {
    if (wait_any(workers_, std::chrono::microseconds(0))) {  // a dead worker breaks the pool
        worker_died();                                       // at once, results or not
    }
    PoolResult result{};
    try {
        switch (ipc::receive_within(results_, result, timeout, workers_)) {
            case ipc::Transfer::done:
                return result;
            case ipc::Transfer::child_ended:
                worker_died();
            case ipc::Transfer::timed_out:
                return std::nullopt;
        }
    } catch (const ipc::PeerDied& e) {
        throw WorkerDied(e.what());
    }
    return std::nullopt;
}

bool ProcessPool::stop(std::chrono::milliseconds timeout) {
    bool sent = true;
    for (std::size_t i = 0; i < workers_.size() && sent; ++i) {
        try {  // not watching the workers: those that got their stop task end, as they should
            sent = ipc::send_within(tasks_, PoolTask{-1, 0}, timeout) == ipc::Transfer::done;
        } catch (const ipc::PeerDied&) {
            sent = false;
        }
    }
    return wait_all(workers_, sent ? timeout : std::chrono::milliseconds(0)) && sent;
}

void ProcessPool::terminate() {
    for (auto& worker : workers_) {
        worker.terminate();
    }
}

void ProcessPool::worker_died() {
    for (std::size_t i = 0; i < workers_.size(); ++i) {
        if (const auto status = workers_[i].wait_for(std::chrono::milliseconds(0))) {
            throw WorkerDied(
                console::concat("worker ", i, " (pid ", workers_[i].pid(),
                                ") ended while the pool was running: ", status->describe()));
        }
    }
    throw WorkerDied("a worker ended while the pool was running");
}

}  // namespace cookbook
