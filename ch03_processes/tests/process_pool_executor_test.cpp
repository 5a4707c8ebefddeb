#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(process_pool_executor)

// pi(10^4) = 1229, pi(2*10^4) = 2262, pi(5*10^4) = 5133, pi(10^5) = 9592.
BOOST_AUTO_TEST_CASE(futures_resolve_to_the_right_values) {
    const auto run = testing::run_recipe("process_pool_executor", {"--processes", "3"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "futures resolved") ==
                   "futures resolved to the right values: 10 of 10",
               run.out);
    BOOST_TEST(testing::number_after(run.out, "primes below 10000: ") == 1229.0);
    BOOST_TEST(testing::number_after(run.out, "primes below 20000: ") == 2262.0);
    BOOST_TEST(testing::number_after(run.out, "primes below 50000: ") == 5133.0);
    BOOST_TEST(testing::number_after(run.out, "primes below 100000: ") == 9592.0);
    BOOST_TEST(testing::count_lines_with(run.out, "WRONG") == 0);
    BOOST_TEST(testing::count_lines_with(run.out, " ready") == 3);
}

// A dead worker breaks the pool: the pending futures get an exception, none waits forever.
BOOST_AUTO_TEST_CASE(a_dead_worker_breaks_the_pending_futures) {
    cookbook::Stopwatch watch;
    const auto run = testing::run_recipe(
        "process_pool_executor", {"--processes", "2", "--tasks", "8", "--crash-task", "5"}, 30s);
    BOOST_TEST(!run.timed_out);
    BOOST_TEST(watch.seconds() < 10.0);
    BOOST_TEST(run.status.exited);
    BOOST_TEST(run.status.code == 1);
    BOOST_TEST(run.leftovers.empty(), run.describe());
    // Task 5 (the sixth, primes below 60000) was lost with its worker.
    BOOST_TEST(testing::line_with(run.out, "primes below 60000: ").find("broken pool: worker ") !=
                   std::string::npos,
               run.out);
    BOOST_TEST(run.out.find("killed by signal 9 (SIGKILL)") != std::string::npos, run.out);
    BOOST_TEST(testing::number_after(run.out, "right values: ") <= 9.0);
    for (const long pid : testing::pids_of_lines_with(run.out, " ready")) {
        BOOST_TEST(testing::gone(pid));
    }
}

// After a crash nobody reads the results any more: shutdown() ends the surviving workers at
// once, instead of sending them stop tasks that they would reach only after every task still
// queued (seconds of work here), and waiting for them. The last future is printed just before
// shutdown(): from there to the end of the run is the shutdown. Task 0 breaks the pool at
// once, perhaps while tasks are still being submitted: those are refused, and say so.
BOOST_AUTO_TEST_CASE(a_broken_pool_shuts_down_promptly) {
    testing::PipedRun run("process_pool_executor",
                          {"--processes", "3", "--tasks", "100", "--crash-task", "0"});
    BOOST_TEST_REQUIRE(run.wait_for_lines("primes below 1000000: ", 1, 60s), run.out());
    const cookbook::Stopwatch shutdown;
    const auto result = run.finish(60s);
    BOOST_TEST(shutdown.seconds() < 1.5, result.describe());
    BOOST_TEST(result.status.exited);
    BOOST_TEST(result.status.code == 1, result.describe());
    BOOST_TEST(result.leftovers.empty(), result.describe());
    BOOST_TEST(testing::line_with(result.out, "primes below 1000000: ").find("broken pool") !=
                   std::string::npos,
               result.out);
    BOOST_TEST(
        testing::line_with(result.out, "primes below 10000: ").find("broken pool: worker ") !=
            std::string::npos,
        result.out);
    // A worker still starting is ended before it says ready.
    const std::vector<long> workers = testing::pids_of_lines_with(result.out, " ready");
    BOOST_TEST(!workers.empty(), result.out);
    BOOST_TEST(workers.size() <= 3u, result.out);
    for (const long pid : workers) {
        BOOST_TEST(testing::gone(pid));
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--processes", "0"},
                                                                  {"--tasks", "101"},
                                                                  {"--crash-task", "-2"},
                                                                  {"--max-workers", "2"}}) {
        const auto run = testing::run_recipe("process_pool_executor", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
