// Futures: a result that is not there yet, delivered by a coroutine to whoever waits for it.
//
// Python: the book's asyncio_and_futures.py: asyncio.Future, set_result, add_done_callback;
//         one coroutine sums 1..N1, the other computes N2!.
// Boost:  asio::co_spawn(loop, coroutine, asio::use_future) -> std::future<T>;
//         a std::promise<T> fulfilled when a coroutine ends; a completion handler as the done
//         callback; asio::deferred, an operation kept as a value and launched later.
//         std: std::future, std::promise (also boost::future with then(), chapter 2).
//
// Two kinds of future. An asyncio.Future lives on the loop: a coroutine awaits it and no
// thread blocks; in Asio that is co_await on the awaitable itself (or, for a value that someone
// else sets, a one-slot experimental::channel or an experimental::promise). A std::future is a
// concurrent.futures.Future: get() blocks a thread. So co_spawn(loop, coroutine, use_future)
// off the loop's thread is asyncio.run_coroutine_threadsafe(coroutine, loop), and that is what
// this recipe shows: the loop runs on a thread of its own so that main can block on get() --
// get() on the loop's own thread would wait forever for a result only that thread can
// produce. The book's first coroutine adds 1 instead of i (it prints N, not the sum); this
// one sums. The last part shows an exception thrown in a coroutine coming out of get().
// Notice: main waits with a bound (wait_for) and never on the loop's thread.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

namespace {

asio::awaitable<long> sum_of_integers(long n, milliseconds pause) {  // the book's first_coroutine
    long sum = 0;
    for (long i = 1; i <= n; ++i) {
        sum += i;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, pause);
    co_await timer.async_wait(asio::use_awaitable);  // asyncio.sleep
    co_return sum;
}

asio::awaitable<long> factorial(long n, milliseconds pause) {  // the book's second_coroutine
    if (n < 0 || n > 20) {
        throw std::domain_error("factorial(" + std::to_string(n) + ") does not fit a long");
    }
    long product = 1;
    for (long i = 2; i <= n; ++i) {
        product *= i;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, pause);
    co_await timer.async_wait(asio::use_awaitable);
    co_return product;
}

// A future that waits at most `bound`: -1 and a message if the value is late.
long get_within(std::future<long>& future, milliseconds bound, const char* what) {
    if (future.wait_for(bound) != std::future_status::ready) {
        console::error(what, " was not ready within ", bound.count(), " ms");
        return -1;
    }
    return future.get();  // the value, or the coroutine's exception rethrown here
}

}  // namespace

int main(int argc, char* argv[]) {
    long n1 = 10;
    long n2 = 10;
    milliseconds pause(50);
    cookbook::cli::Options options("ch01_futures",
                                   "Results of coroutines delivered through futures.");
    options.count("n1", n1, "sum the integers 1..N1", 1, 1'000'000)
        .count("n2", n2, "compute N2 factorial", 0, 20)
        .milliseconds("pause-ms", pause, "each coroutine's asyncio.sleep", 0ms, 1000ms);
    options.parse(argc, argv);

    asio::io_context loop;
    // 1. use_future: co_spawn hands back a std::future that the coroutine's co_return fills.
    std::future<long> sum = asio::co_spawn(loop, sum_of_integers(n1, pause), asio::use_future);
    // 2. a std::promise, set by co_spawn's completion handler when the coroutine ends: its
    //    set_value / set_exception are asyncio's future.set_result / set_exception.
    std::promise<long> promise;
    std::future<long> product = promise.get_future();
    asio::co_spawn(loop, factorial(n2, pause), [&promise](std::exception_ptr error, long value) {
        if (error) {
            promise.set_exception(error);
        } else {
            promise.set_value(value);
        }
    });
    // 3. a done callback (add_done_callback): the completion handler runs on the loop's thread.
    asio::co_spawn(loop, sum_of_integers(n1, pause), [n1](std::exception_ptr error, long value) {
        if (!error) {
            console::tagged("[done callback]", "sum of 1..", n1, " = ", value);
        }
    });
    // 4. an exception travels through the future too.
    std::future<long> failing = asio::co_spawn(loop, factorial(-1, pause), asio::use_future);
    // 5. asio::deferred: the launch kept as a value. sum_of_integers(...) is already lazy, as a
    //    Python coroutine object is; deferred makes co_spawn (create_task) lazy too: nothing
    //    starts until the value is given a completion token.
    auto launch_later = asio::co_spawn(loop, sum_of_integers(n1, pause), asio::deferred);
    std::future<long> deferred_sum = std::move(launch_later)(asio::use_future);  // starts now

    std::jthread loop_thread([&loop] { loop.run(); });  // the loop on its own thread
    const long sum_value = get_within(sum, 5s, "the sum");
    const long product_value = get_within(product, 5s, "the factorial");
    console::tagged("[main]", "future: sum of 1..", n1, " = ", sum_value);
    console::tagged("[main]", "promise: factorial(", n2, ") = ", product_value);
    const long deferred_value = get_within(deferred_sum, 5s, "the deferred sum");
    console::tagged("[main]", "deferred, launched later: sum of 1..", n1, " = ", deferred_value);
    bool exception_arrived = false;
    long failing_value = 0;  // -1 if it was late
    try {
        failing_value = get_within(failing, 5s, "the failing coroutine");
    } catch (const std::domain_error& error) {
        exception_arrived = true;
        console::tagged("[main]", "future: get() rethrew: ", error.what());
    }
    if (sum_value < 0 || product_value < 0 || deferred_value < 0 || failing_value < 0) {
        loop.stop();  // something is stuck: end the loop rather than wait for it forever
    }
    loop_thread.join();  // run() returns once every coroutine has finished

    long expected_product = 1;
    for (long i = 2; i <= n2; ++i) {
        expected_product *= i;
    }
    const bool correct = sum_value == n1 * (n1 + 1) / 2 && deferred_value == sum_value &&
                         product_value == expected_product;
    console::line("results delivered through futures: sum(1..", n1, ") = ", sum_value,
                  ", factorial(", n2, ") = ", product_value, ": correct: ", correct ? "yes" : "no",
                  "; exception delivered: ", exception_arrived ? "yes" : "no");
    if (!correct || !exception_arrived) {
        console::error("a future did not deliver what its coroutine produced");
        return 1;
    }
    return 0;
}
