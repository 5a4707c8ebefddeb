#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <random>
#include <thread>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(queue)

BOOST_AUTO_TEST_CASE(every_item_arrives_once_with_the_producers_checksum) {
    const auto run = testing::run_recipe("queue", {"--items", "12", "--seed", "7"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "items received: ") == 12.0);
    BOOST_TEST(testing::line_with(run.out, "items received: ").find(", 0 twice;") !=
               std::string::npos);
    BOOST_TEST(testing::count_lines_with(run.out, "[consumer] got item ") == 12);
    BOOST_TEST(testing::count_lines_with(run.out, "producer: putting item ") == 12);
    BOOST_TEST(testing::count_lines_with(run.out, "] producer: sending 12 items") == 1);
    // The consumer's sum of the values equals the one the producer sent in its stop message.
    BOOST_TEST(testing::number_after(run.out, "; checksum ") ==
               testing::number_after(run.out, "(producer's "));
}

// Many items through a queue of 2: the producer waits for room again and again.
BOOST_AUTO_TEST_CASE(a_small_queue_makes_the_producer_wait_without_losing_items) {
    const auto run = testing::run_recipe("queue", {"--items", "20000", "--capacity", "2"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "items received: ") == 20000.0);
    BOOST_TEST(testing::count_lines_with(run.out, "got item") == 0);  // quiet above 20 items
}

// The producer is SIGKILLed at a random moment of the stream, 15 times: sometimes while it
// holds the queue's mutex, in the middle of a send. Every time the consumer must say so by its
// bound (5 s of silence at most; it hears of the death at once), exit 1 -- not abort, not
// spin, not hang -- and remove the queue.
BOOST_AUTO_TEST_CASE(a_producer_killed_at_any_moment_is_an_error_by_the_deadline) {
    std::mt19937 random(2024);
    for (int trial = 0; trial < 15; ++trial) {
        testing::PipedRun run("queue", {"--items", "10000000", "--capacity", "1"});
        BOOST_TEST_REQUIRE(run.wait_for_lines("] producer: sending ", 1, 60s), run.out());
        const auto pids = testing::pids_of_lines_with(run.out(), "] producer: sending ");
        BOOST_TEST_REQUIRE(pids.size() == 1u);
        // Any moment will do: the wait only picks one, it synchronises nothing.
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 20000));
        const cookbook::Stopwatch watch;
        BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(pids.front()), SIGKILL) == 0);
        const auto result = run.finish(60s);
        BOOST_TEST(!result.timed_out, "trial " << trial);
        BOOST_TEST(result.status.exited, "trial " << trial << ": " << result.status.describe());
        BOOST_TEST(result.status.code == 1, "trial " << trial << ": " << result.status.describe());
        BOOST_TEST(watch.seconds() < 5.0 + 5.0);  // the bound, and a margin for the sanitizers
        BOOST_TEST(result.leftovers.empty());
        BOOST_TEST(testing::count_lines_with(result.out, "items received: ") == 0);
        BOOST_TEST(testing::gone(pids.front()));
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "queue",
        {{"--items", "0"}, {"--capacity", "-3"}, {"--seed", "x"}, {"--child"}, {"--empty"}});
}

BOOST_AUTO_TEST_SUITE_END()
