// Tasks: three coroutines at once on one thread, gathered when all are done.
//
// Python: the book's asyncio_task_manipulation.py: asyncio.Task for factorial(10), fibonacci(10)
//         and binomial(20, 10), each step followed by asyncio.sleep; asyncio.wait(tasks).
// Boost:  asio::co_spawn (create_task); `co_await (a && b && c)` (asio/experimental/
//         awaitable_operators.hpp) runs a, b and c concurrently and returns the three results.
// Part 2: when a task throws, `&&` cancels the others (asyncio.wait cancels nothing: its exact
// form is make_parallel_group(...).async_wait(wait_for_all(), ...)). They end with
// operation_aborted, and `&&` throws asio::multiple_exceptions holding only its LEFT operand's
// exception, once per `&&`: the task's own exception survives only leftmost. Notice: the
// "Compute" lines interleave, so elapsed ~ the longest task.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/multiple_exceptions.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <tuple>

#include "cookbook/asio.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"
#include "cookbook/trace.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
namespace trace = cookbook::trace;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;
using namespace std::chrono_literals;
using Number = std::uint64_t;
namespace {
asio::awaitable<void> pause(milliseconds step, const char* task = "part 2") {  // asyncio.sleep
    const trace::Span awaiting("co_await timer", "await", trace::lane(task));  // (for --trace)
    asio::steady_timer timer(co_await asio::this_coro::executor, step);
    co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<Number> factorial(int n, milliseconds step) {
    Number f = 1;
    for (int i = 2; i <= n; ++i) {
        console::line("Asyncio.Task: Compute factorial(", i, ")");
        co_await pause(step, "task factorial");
        f *= static_cast<Number>(i);
    }
    console::line("Asyncio.Task - factorial(", n, ") = ", f);
    co_return f;
}

asio::awaitable<Number> fibonacci(int n, milliseconds step) {
    Number a = 0, b = 1;
    for (int i = 0; i < n; ++i) {
        console::line("Asyncio.Task: Compute fibonacci(", i, ")");
        co_await pause(step, "task fibonacci");
        std::tie(a, b) = std::make_tuple(b, a + b);
    }
    console::line("Asyncio.Task - fibonacci(", n, ") = ", a);
    co_return a;
}

asio::awaitable<Number> binomial(int n, int k, milliseconds step) {
    if (k > n) {
        throw std::domain_error("binomial(n, k) needs k <= n");  // the task fails (part 2)
    }
    Number c = 1;
    for (int i = 1; i <= k; ++i) {
        console::line("Asyncio.Task: Compute binomial(", n, ", ", i, ")");
        co_await pause(step, "task binomial");
        c = c * static_cast<Number>(n - i + 1) / static_cast<Number>(i);  // exact: C(n, i)
    }
    console::line("Asyncio.Task - binomial(", n, ", ", k, ") = ", c);
    co_return c;
}

// How deep under multiple_exceptions (by first_exception()) the task's own exception is, or -1.
int depth(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const asio::multiple_exceptions& e) {
        const int inner = depth(e.first_exception());  // the LEFT operand's exception
        return inner < 0 ? -1 : inner + 1;
    } catch (const std::domain_error&) {
        return 0;
    } catch (...) {
        return -1;  // operation_aborted: a cancelled task's
    }
}
}  // namespace

int main(int argc, char* argv[]) {
    int n = 10;
    milliseconds step(20);
    cookbook::cli::Options options("ch01_tasks", "Factorial, fibonacci, binomial as tasks.");
    options.count("n", n, "factorial(n), fibonacci(n), binomial(2n, n)", 1, 20)
        .milliseconds("step-ms", step, "pause after each step", 1ms, 1000ms);
    options.parse(argc, argv);

    asio::io_context loop;
    Number f = 0, fib = 0, c = 0;
    double elapsed = 0;
    int leftmost = -1, rightmost = -1;  // part 2
    cookbook::Stopwatch watch;
    asio::co_spawn(
        loop,
        [&]() -> asio::awaitable<void> {
            // create_task(...) x 3 and asyncio.wait(...): await all three at once.
            std::tie(f, fib, c) =
                co_await (factorial(n, step) && fibonacci(n, step) && binomial(2 * n, n, step));
            elapsed = watch.seconds();
            try {  // part 2
                co_await (binomial(1, 2, step) && pause(5 * step) && pause(5 * step));
            } catch (const asio::multiple_exceptions&) {  // not std::domain_error!
                leftmost = depth(std::current_exception());
            }
            try {
                co_await (pause(5 * step) && pause(5 * step) && binomial(1, 2, step));
            } catch (const asio::multiple_exceptions&) {
                rightmost = depth(std::current_exception());
            }
        },
        cookbook::rethrow);  // an exception comes out of loop.run()
    loop.run();              // one thread: this one

    const double serial = (3 * n - 1) * std::chrono::duration<double>(step).count();  // all steps
    console::line("elapsed ", console::fixed(elapsed, 3), " s; one task after another: at least ",
                  console::fixed(serial, 3), " s");
    console::line("part 2: a failing task's exception, leftmost: inside ", leftmost,
                  " multiple_exceptions; rightmost: ", rightmost < 0 ? "lost" : "kept");
    Number f_plain = 1, fib_plain = 0, fib_next = 1, c_plain = 1;  // the same, one by one
    for (int i = 1; i <= n; ++i) {
        f_plain *= static_cast<Number>(i);
        std::tie(fib_plain, fib_next) = std::make_tuple(fib_next, fib_plain + fib_next);
        c_plain = c_plain * static_cast<Number>(2 * n - i + 1) / static_cast<Number>(i);
    }
    const bool correct = f == f_plain && fib == fib_plain && c == c_plain;
    const bool concurrent = elapsed < serial;
    console::line("factorial(", n, ") = ", f, ", fibonacci(", n, ") = ", fib, ", binomial(", 2 * n,
                  ", ", n, ") = ", c, ": correct: ", correct ? "yes" : "no",
                  "; ran concurrently: ", concurrent ? "yes" : "no");
    if (!correct || !concurrent || leftmost != 2 || rightmost != -1) {
        console::error("a wrong value, tasks one after another, or another failure report");
        return 1;
    }
    return 0;
}
