// Waiting for a descriptor with a bound: poll(2), started again when a signal interrupts it.
#pragma once

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

namespace cookbook {

// True once `fd` is readable (data, or end of file: the other side closed), false once
// `timeout` has passed.
inline bool readable_within(int fd, std::chrono::milliseconds timeout) {
    pollfd entry{fd, POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const int ready = ::poll(&entry, 1, static_cast<int>(std::max<long long>(left.count(), 0)));
        if (ready >= 0 || errno != EINTR) {  // EINTR: a signal came; wait for what is left
            return ready > 0;
        }
    }
}

}  // namespace cookbook
