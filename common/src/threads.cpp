#include "cookbook/threads.hpp"

#include <future>
#include <thread>

#include "cookbook/trace.hpp"

namespace cookbook {

void run_together(const std::vector<std::function<void()>>& bodies) {
    std::promise<bool> go;  // true: all threads exist, start; false: one could not be started
    const std::shared_future<bool> start = go.get_future().share();
    std::vector<std::jthread> threads;  // joined by their destructors
    try {
        for (std::size_t i = 0; i < bodies.size(); ++i) {
            threads.emplace_back([&start, &body = bodies[i], i] {
                trace::name_thread("thread " + std::to_string(i + 1));  // a body may rename it
                if (start.get()) {
                    body();
                }
            });
        }
    } catch (...) {
        go.set_value(false);
        throw;  // ~jthread joins the threads that were started: they see `false` and leave
    }
    go.set_value(true);
}

}  // namespace cookbook
