// Small things every Asio recipe would otherwise write again.
#pragma once

#include <exception>

namespace cookbook {

// A completion handler for co_spawn: a coroutine that ended with an exception rethrows it,
// so that it comes out of io_context::run() in the thread that called run(), instead of
// being dropped as `asio::detached` would drop it.
//   asio::co_spawn(io, work(), cookbook::rethrow);
inline void rethrow(std::exception_ptr error) {
    if (error) {
        std::rethrow_exception(error);
    }
}

}  // namespace cookbook
