// Tasks: three coroutines running at once on one thread, gathered when all are done.
//
// Python: the book's asyncio_task_manipulation.py: asyncio.Task for factorial(10),
//         fibonacci(10) and binomial(20, 10), each step followed by asyncio.sleep;
//         asyncio.gather / asyncio.wait to wait for all three.
// Boost:  asio::co_spawn (create_task) and the awaitable operator `&&` from
//         asio/experimental/awaitable_operators.hpp (gather): `co_await (a && b && c)` runs
//         a, b and c concurrently and hands back all three results as a tuple.
//         (asio::experimental::make_parallel_group does the same for a run-time list.)
//         One difference: if one of them throws, `&&` cancels the other two and rethrows;
//         asyncio.gather raises the error but leaves the other tasks running.
//
// Every step awaits a timer, so while one task waits, the others compute: the three
// interleave on a single thread, and the whole run takes about as long as the longest task,
// not the sum of the three. The book's binomial uses `/` and prints a float; here every
// step stays an exact integer (C(n, i) = C(n, i-1) * (n - i + 1) / i divides exactly).
// Notice: the "Compute" lines of the three tasks interleave; elapsed ~ the longest task.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <exception>
#include <tuple>

#include "cookbook/asio.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;
using Number = std::uint64_t;

namespace {

asio::awaitable<void> pause(milliseconds step) {  // asyncio.sleep(step)
    asio::steady_timer timer(co_await asio::this_coro::executor, step);
    co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<Number> factorial(int n, milliseconds step) {
    Number f = 1;
    for (int i = 2; i <= n; ++i) {
        console::line("Asyncio.Task: Compute factorial(", i, ")");
        co_await pause(step);
        f *= static_cast<Number>(i);
    }
    console::line("Asyncio.Task - factorial(", n, ") = ", f);
    co_return f;
}

asio::awaitable<Number> fibonacci(int n, milliseconds step) {
    Number a = 0;
    Number b = 1;
    for (int i = 0; i < n; ++i) {
        console::line("Asyncio.Task: Compute fibonacci(", i, ")");
        co_await pause(step);
        std::tie(a, b) = std::make_tuple(b, a + b);
    }
    console::line("Asyncio.Task - fibonacci(", n, ") = ", a);
    co_return a;
}

asio::awaitable<Number> binomial(int n, int k, milliseconds step) {
    Number c = 1;
    for (int i = 1; i <= k; ++i) {
        console::line("Asyncio.Task: Compute binomial(", n, ", ", i, ")");
        co_await pause(step);
        c = c * static_cast<Number>(n - i + 1) / static_cast<Number>(i);  // exact: C(n, i)
    }
    console::line("Asyncio.Task - binomial(", n, ", ", k, ") = ", c);
    co_return c;
}

}  // namespace

int main(int argc, char* argv[]) {
    int n = 10;
    milliseconds step(20);
    cookbook::cli::Options options("ch01_tasks",
                                   "factorial, fibonacci and binomial as concurrent tasks.");
    options.count("n", n, "factorial(n), fibonacci(n), binomial(2n, n)", 1, 20)
        .milliseconds("step-ms", step, "pause after each step", milliseconds(1),
                      milliseconds(1000));
    options.parse(argc, argv);

    asio::io_context loop;
    Number f = 0, fib = 0, c = 0;
    cookbook::Stopwatch watch;
    // create_task(...) x 3 and gather(...): one coroutine that awaits all three at once.
    asio::co_spawn(
        loop,
        [&]() -> asio::awaitable<void> {
            std::tie(f, fib, c) =
                co_await (factorial(n, step) && fibonacci(n, step) && binomial(2 * n, n, step));
        },
        cookbook::rethrow);  // an exception comes out of loop.run()
    loop.run();              // one thread: this one
    const double elapsed = watch.seconds();

    const int steps = (n - 1) + n + n;  // factorial: 2..n, fibonacci: n, binomial: n
    const double one_after_another = steps * std::chrono::duration<double>(step).count();
    console::line("elapsed ", console::fixed(elapsed, 3),
                  " s; one task after another would take at least ",
                  console::fixed(one_after_another, 3), " s");
    // The same numbers the plain way, one after another, to check the tasks against.
    Number f_plain = 1, fib_plain = 0, fib_next = 1, c_plain = 1;
    for (int i = 1; i <= n; ++i) {
        f_plain *= static_cast<Number>(i);
        std::tie(fib_plain, fib_next) = std::make_tuple(fib_next, fib_plain + fib_next);
        c_plain = c_plain * static_cast<Number>(2 * n - i + 1) / static_cast<Number>(i);
    }
    const bool correct = f == f_plain && fib == fib_plain && c == c_plain;
    const bool concurrent = elapsed < one_after_another;
    console::line("factorial(", n, ") = ", f, ", fibonacci(", n, ") = ", fib, ", binomial(", 2 * n,
                  ", ", n, ") = ", c, ": correct: ", correct ? "yes" : "no",
                  "; ran concurrently: ", concurrent ? "yes" : "no");
    if (!correct || !concurrent) {
        console::error(correct ? "the tasks ran one after another"
                               : "a task computed a wrong value");
        return 1;
    }
    return 0;
}
