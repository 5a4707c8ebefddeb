// Gather, timeout, cancel: wait for several coroutines, give up on a slow one, cancel a task.
//
// Python: asyncio.gather(fast(), asyncio.wait_for(slow(), timeout)), task.cancel(),
//         asyncio.CancelledError.
// Boost:  the awaitable operators of asio/experimental/awaitable_operators.hpp:
//         `a && b` waits for both (gather), `a || b` for the first to succeed (one that throws
//         does not end it) and cancels the other (so `slow() || timeout()` is wait_for);
//         asio::cancellation_signal bound to a co_spawn with bind_cancellation_slot is
//         task.cancel().
//
// Cancelling a coroutine does not kill it: the operation it is waiting on (a timer here, a
// socket read elsewhere) ends at once with operation_aborted, which co_await throws as a
// boost::system::system_error -- the C++ form of CancelledError. The coroutine may clean up
// and must let it go on (rethrow), as Python code that catches CancelledError must. Unlike
// Python, it cannot co_await inside the catch block, and it stays marked as cancelled: every
// later co_await would throw operation_aborted at once. Clean-up that itself awaits (a
// goodbye to a peer, a flush) first calls this_coro::reset_cancellation_state(). One thread.
// Notice: part 1 ends after the timeout, not after the slow task's time; the fast task's
// result arrives; the slow task is cancelled and finishes its clean-up in both parts.
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <string>
#include <variant>

#include "cookbook/asio.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"
#include "cookbook/trace.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using namespace asio::experimental::awaitable_operators;
using boost::system::system_error;
using std::chrono::milliseconds;

namespace {

int cancelled = 0;  // cancelled tasks that finished their clean-up (one thread: no lock needed)

asio::awaitable<void> sleep_for(milliseconds time) {  // asyncio.sleep(time)
    asio::steady_timer timer(co_await asio::this_coro::executor, time);
    co_await timer.async_wait(asio::use_awaitable);
}

// A task that takes `time` and then returns `result`. If it is cancelled, it cleans up, and
// the clean-up itself awaits something (here, a short timer).
asio::awaitable<int> task(std::string name, milliseconds time, int result) {
    console::tagged(name, "started, needs ", time.count(), " ms");
    const long lane = cookbook::trace::lane(name.c_str());  // its lane in a --trace timeline
    std::exception_ptr cancellation;
    try {
        const cookbook::trace::Span waiting("co_await its timer", "await", lane);
        co_await sleep_for(time);
    } catch (const system_error& error) {
        if (error.code() != asio::error::operation_aborted) {
            throw;
        }
        cancellation = std::current_exception();  // no co_await is allowed in a catch block
    }
    if (cancellation) {
        cookbook::trace::instant("cancelled", "signal", lane);
        console::tagged(name, "cancelled: cleaning up");
        const cookbook::trace::Span cleaning("clean-up", "work", lane);
        co_await asio::this_coro::reset_cancellation_state();  // else the next line throws
        co_await sleep_for(milliseconds(10));                  // the clean-up's own wait
        console::tagged(name, "clean-up done");
        ++cancelled;
        std::rethrow_exception(cancellation);  // never swallow a cancellation
    }
    console::tagged(name, "done, result ", result);
    co_return result;
}

}  // namespace

int main(int argc, char* argv[]) {
    milliseconds fast(50), timeout(100), slow(1000);
    cookbook::cli::Options options("ch01_gather_timeout_cancel",
                                   "gather, wait_for and cancel with asio.");
    options
        .milliseconds("fast-ms", fast, "the fast task's time", milliseconds(0), milliseconds(5000))
        .milliseconds("timeout-ms", timeout, "the timeout (between fast and slow)", milliseconds(1),
                      milliseconds(5000))
        .milliseconds("slow-ms", slow, "the slow task's time", milliseconds(2),
                      milliseconds(60000));
    options.parse(argc, argv);
    if (!(fast < timeout && timeout < slow)) {
        console::error("the lesson needs --fast-ms < --timeout-ms < --slow-ms");
        return 2;
    }

    console::line("-- part 1: gather(fast, wait_for(slow, ", timeout.count(), " ms))");
    asio::io_context loop;
    int fast_result = 0;
    bool timed_out = false;
    cookbook::Stopwatch watch;
    asio::co_spawn(
        loop,
        [&]() -> asio::awaitable<void> {
            // `||` ends with whichever succeeds first and cancels the other; `&&` waits for both.
            auto [result, slow_or_timeout] = co_await (
                task("[fast]", fast, 1) && (task("[slow]", slow, 2) || sleep_for(timeout)));
            fast_result = result;
            timed_out = slow_or_timeout.index() == 1;  // 0: slow won; 1: the timeout won
        },
        cookbook::rethrow);
    loop.run();
    const double part1_seconds = watch.seconds();
    console::line("gather returned after ", console::fixed(part1_seconds * 1000, 1),
                  " ms: fast -> ", fast_result, ", slow -> ", timed_out ? "timed out" : "finished");

    console::line("-- part 2: task.cancel() after ", timeout.count(), " ms");
    asio::io_context loop2;
    asio::cancellation_signal cancel;
    bool saw_cancel = false;
    asio::co_spawn(loop2, task("[slow]", slow, 2),
                   asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr error, int) {
                       try {
                           cookbook::rethrow(error);
                       } catch (const system_error& e) {
                           saw_cancel = e.code() == asio::error::operation_aborted;
                       }
                   }));
    asio::steady_timer cancel_timer(loop2, timeout);
    cancel_timer.async_wait([&](boost::system::error_code) {
        console::tagged("[main]", "cancel()");
        // terminal: a co_spawned coroutine lets only terminal cancellation in, unless it asks
        cancel.emit(asio::cancellation_type::terminal);  // (this_coro::reset_cancellation_state)
    });
    loop2.run();

    const bool ok = fast_result == 1 && timed_out && saw_cancel && cancelled == 2 &&
                    part1_seconds < std::chrono::duration<double>(slow).count();
    console::line("fast task completed: ", fast_result == 1 ? "yes" : "no",
                  "; slow task cancelled: ", cancelled, " of 2 (by the timeout, by cancel())");
    if (!ok) {
        console::error(
            "the slow task was not cancelled or did not clean up, or the fast one failed");
        return 1;
    }
    return 0;
}
