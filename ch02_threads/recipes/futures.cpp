// Futures: a handle to a result that another thread is still computing.
//
// Python: concurrent.futures.Future: result(), add_done_callback(); exceptions come back
//         through result().
// Boost:  boost::future: boost::async, get(), then() (a continuation: runs when the value is
//         ready and gives a new future), boost::when_all.
// std:    std::future and std::async have get() but no then() and no when_all.
//
// BOOST_THREAD_VERSION=5 (set for the whole build) enables then() and when_all, and more:
// boost::async(launch::async, f) runs f on a boost::thread that it detaches, so a boost::future
// that is dropped does not wait for its task (a std::async future does). Every future below is
// therefore read with get() before main goes on.
// Part 1 chains three steps with then(); part 2 waits for three tasks at once with when_all
// (the book's factorial, fibonacci and binomial); part 3 shows a task's exception arriving
// in the thread that calls get(). An exception that escapes a plain boost::thread or
// std::thread ends the whole program (std::terminate); a Python thread's is printed and lost.
// A future carries it to whoever asks for the result.
// Notice: every result equals the value computed serially; the exception arrives intact.
#include <boost/thread/future.hpp>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

namespace {

long factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
}
long fibonacci(int n) {
    return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}
long binomial(int n, int k) {
    return k == 0 ? 1 : binomial(n, k - 1) * (n - k + 1) / k;
}

std::vector<long> numbers_up_to(int n) {
    std::vector<long> numbers(static_cast<std::size_t>(n));
    std::iota(numbers.begin(), numbers.end(), 1L);
    return numbers;
}

}  // namespace

int main(int argc, char* argv[]) {
    int n = 30;
    cookbook::cli::Options options("ch02_futures", "boost::future: then, when_all, exceptions.");
    options.count("n", n, "size of the problems (fibonacci(n), numbers 1..n, ...)", 1, 40);
    options.parse(argc, argv);

    // Part 1: make numbers -> sum their squares -> describe, each step when the last is ready.
    boost::future<std::string> chain =
        boost::async(boost::launch::async, [n] { return numbers_up_to(n); })
            .then([](boost::future<std::vector<long>> numbers) {
                long sum = 0;
                for (long x : numbers.get()) {  // ready: get() does not wait here
                    sum += x * x;
                }
                return sum;
            })
            .then([](boost::future<long> sum) { return std::to_string(sum.get()); });
    const std::string chained = chain.get();
    const long expected_sum = static_cast<long>(n) * (n + 1) * (2 * n + 1) / 6;
    console::line("then():    sum of squares 1..", n, " = ", chained);

    // Part 2: three tasks at once; when_all is ready when all three are.
    auto all =
        boost::when_all(boost::async(boost::launch::async, [n] { return factorial(n % 21); }),
                        boost::async(boost::launch::async, [n] { return fibonacci(n); }),
                        boost::async(boost::launch::async, [n] { return binomial(n, n / 2); }));
    auto ready = all.get();  // a tuple of three ready futures
    const long fact = std::get<0>(ready).get();
    const long fib = std::get<1>(ready).get();
    const long binom = std::get<2>(ready).get();
    console::line("when_all:  factorial(", n % 21, ") = ", fact, ", fibonacci(", n, ") = ", fib,
                  ", binomial(", n, ", ", n / 2, ") = ", binom);

    // Part 3: the task throws; get() rethrows the same exception in this thread.
    boost::future<long> failing = boost::async(
        boost::launch::async, []() -> long { throw std::runtime_error("disk on fire"); });
    std::string caught = "nothing";
    try {
        failing.get();
    } catch (const std::runtime_error& e) {
        caught = e.what();
    }
    console::line("exception: get() rethrew \"", caught, "\"");

    const bool right = chained == std::to_string(expected_sum) && fact == factorial(n % 21) &&
                       fib == fibonacci(n) && binom == binomial(n, n / 2) &&
                       caught == "disk on fire";
    console::line("results through futures equal to serial ones: ", right ? "yes" : "no");
    if (!right) {
        console::error("a future delivered a wrong value or lost the exception");
        return 1;
    }
    return 0;
}
