// Sending and receiving through a Boost.Interprocess message_queue when the process at the
// other end may die in the middle of its own send or receive.
//
// A message_queue keeps its messages in shared memory behind one mutex, and its blocking calls
// (send, receive, timed_send, timed_receive) sleep in a condition variable bound to that mutex.
// The mutex is robust: when a process dies holding it, the next process to take it is told
// (Boost throws lock_exception). The sleep in the condition is not: a process waiting there
// when a peer is killed inside its own call (holding the mutex) gets EOWNERDEAD back, which
// Boost ignores. With assertions on, the waiter aborts; with NDEBUG it goes on over
// half-written state, or spins at full speed past its deadline for ever (robust_sync.hpp has
// the details; common/tests/robust_sync_test.cpp shows it).
//
// try_send() and try_receive() never sleep in the condition: they only take the mutex. So
// when peers may die, these helpers try, and between tries sleep where no dead process can
// leave them stuck: in wait_any() on the children the caller started, which returns the moment
// one of them ends, or in a plain sleep when there is nobody to watch. The sleeps grow from
// 20 us to 1 ms while nothing comes, so a message may be picked up up to a millisecond late:
// the price of never waiting inside the queue.
//
//   Task task{};
//   switch (ipc::receive_within(tasks, task, 5s, workers)) {   // throws PeerDied: see below
//       case ipc::Transfer::done: ...                           // `task` holds the message
//       case ipc::Transfer::child_ended: ...                    // empty, and a worker ended
//       case ipc::Transfer::timed_out: ...
//   }
//
// A process that died holding the queue's mutex may have left the queue half-written: every
// call then throws ipc::PeerDied, and the queue is lost. Its users stop; its creator removes
// it (the remove_guard), and makes a new one if it goes on.
#pragma once

#include <boost/interprocess/ipc/message_queue.hpp>
#include <chrono>
#include <functional>
#include <type_traits>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/robust_sync.hpp"  // PeerDied

namespace cookbook::ipc {

enum class Transfer {
    done,         // the message was sent, or received
    child_ended,  // not done, and one of the watched children has ended (it will not help)
    timed_out,    // not done within the timeout
};

namespace detail {
// Calls `attempt` until it returns true or `timeout` passes, sleeping in wait_any(*watch, ...)
// between calls (a plain sleep if `watch` is null or empty). A watched child that has ended gets
// one more attempt, then child_ended. A lock_exception from the queue becomes PeerDied.
Transfer keep_trying(const std::function<bool()>& attempt, std::chrono::milliseconds timeout,
                     std::vector<Child>* watch);
void check_size(std::size_t received, std::size_t expected);  // throws on a mismatch
}  // namespace detail

// Sends `message` (a plain struct: the queue copies its bytes), at most `timeout` while the
// queue is full.
template <class Message>
Transfer send_within(boost::interprocess::message_queue& queue, const Message& message,
                     std::chrono::milliseconds timeout, std::vector<Child>* watch = nullptr) {
    static_assert(std::is_trivially_copyable_v<Message>, "a message_queue carries bytes");
    return detail::keep_trying([&] { return queue.try_send(&message, sizeof message, 0); }, timeout,
                               watch);
}

// Receives into `message`, at most `timeout` while the queue is empty. A message of another
// size than Message is an error (std::runtime_error), not a Message.
template <class Message>
Transfer receive_within(boost::interprocess::message_queue& queue, Message& message,
                        std::chrono::milliseconds timeout, std::vector<Child>* watch = nullptr) {
    static_assert(std::is_trivially_copyable_v<Message>, "a message_queue carries bytes");
    return detail::keep_trying(
        [&] {
            boost::interprocess::message_queue::size_type size = 0;
            unsigned int priority = 0;
            const bool got = queue.try_receive(&message, sizeof message, size, priority);
            if (got) {
                detail::check_size(size, sizeof message);
            }
            return got;
        },
        timeout, watch);
}

// The same, watching `children`: back as soon as one of them ends.
template <class Message>
Transfer send_within(boost::interprocess::message_queue& queue, const Message& message,
                     std::chrono::milliseconds timeout, std::vector<Child>& children) {
    return send_within(queue, message, timeout, &children);
}
template <class Message>
Transfer receive_within(boost::interprocess::message_queue& queue, Message& message,
                        std::chrono::milliseconds timeout, std::vector<Child>& children) {
    return receive_within(queue, message, timeout, &children);
}

}  // namespace cookbook::ipc
