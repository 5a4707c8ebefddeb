#include "cookbook/message_queue.hpp"

#include <algorithm>
#include <boost/interprocess/exceptions.hpp>
#include <stdexcept>
#include <string>
#include <thread>

#include "cookbook/trace.hpp"

namespace cookbook::ipc::detail {

Transfer keep_trying(const std::function<bool()>& attempt, std::chrono::milliseconds timeout,
                     std::vector<Child>* watch) {
    using namespace std::chrono_literals;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    // Between tries: a few yields (the peer may be running on another core right now), then
    // sleeps from 20 us, doubled each time up to 1 ms. Sleeping is not what orders anything
    // here (the queue's mutex is): it only decides how soon the next try comes.
    int tries = 0;
    std::chrono::microseconds pause = 20us;
    struct Blocked {  // with --trace: a bar from the first failed try to the end, however it ends
        std::int64_t since = -1;
        ~Blocked() { trace::span_since(since, "blocked in the queue", "queue"); }
    } blocked;
    try {
        while (!attempt()) {
            if (blocked.since < 0) {
                blocked.since = trace::now();
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                return Transfer::timed_out;
            }
            if (++tries <= 3) {
                std::this_thread::yield();
                continue;
            }
            if (watch == nullptr || watch->empty()) {
                std::this_thread::sleep_for(pause);  // nobody to watch: look again soon
            } else if (wait_any(*watch, pause)) {    // a child ended: is what it left here?
                return attempt() ? Transfer::done : Transfer::child_ended;
            }
            pause = std::min(2 * pause, std::chrono::microseconds(1ms));
        }
        return Transfer::done;
    } catch (const boost::interprocess::lock_exception& e) {
        throw PeerDied(std::string("the message queue is lost: a process died inside a call on "
                                   "it, holding its mutex (") +
                       e.what() + ")");
    }
}

void check_size(std::size_t received, std::size_t expected) {
    if (received != expected) {
        throw std::runtime_error("a message of " + std::to_string(received) +
                                 " bytes where one of " + std::to_string(expected) +
                                 " was expected");
    }
}

}  // namespace cookbook::ipc::detail
