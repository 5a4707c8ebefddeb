#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

namespace {

// Starts the recipe with enough messages to be still busy when the test acts, and returns the
// pid of the child that printed `child_line` (both children print "[pid N] ..." first).
long child_of(testing::PipedRun& run, const std::string& child_line) {
    BOOST_TEST_REQUIRE(run.wait_for_lines(child_line, 1, 60s), run.out());
    const auto pids = testing::pids_of_lines_with(run.out(), child_line);
    BOOST_TEST_REQUIRE(pids.size() == 1u, run.out());
    return pids.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pipes)  // not "pipe": that is the POSIX function

BOOST_AUTO_TEST_CASE(numbers_arrive_then_end_of_file_and_every_echo_is_intact) {
    const auto run = testing::run_recipe("pipe", {"--messages", "25"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "part 1: ") ==
                   "part 1: 25 numbers received, then end of file (sum 300)",
               run.out);
    BOOST_TEST(testing::number_after(run.out, "one-way numbers received: ") == 25.0);
    BOOST_TEST(testing::number_after(run.out, "echoed back intact: ") == 25.0);
    BOOST_TEST(testing::number_after(run.out, "the child echoed ") == 25.0);
    BOOST_TEST(testing::count_lines_with(run.out, "] writer: sending 25 numbers") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "] echo: echoing until end of file") == 1);
}

BOOST_AUTO_TEST_CASE(many_messages_fill_the_pipe_without_a_hang) {
    // 20000 numbers (109 KiB) are more than a pipe holds (64 KiB): the writer blocks until we read.
    const auto run = testing::run_recipe("pipe", {"--messages", "20000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "(sum ") == 199990000.0);
    BOOST_TEST(testing::number_after(run.out, "echoed back intact: ") == 20000.0);
}

// The echo child dies in the middle of part 2: the parent's next write fails with EPIPE (or its
// read sees end of file). It must say so and exit 1 -- not die of SIGPIPE, not hang.
BOOST_AUTO_TEST_CASE(an_echo_child_killed_mid_run_is_reported_not_fatal) {
    testing::PipedRun run("pipe", {"--messages", "100000"});
    const long echo = child_of(run, "] echo: echoing until end of file");
    BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(echo), SIGKILL) == 0);
    const auto result = run.finish(60s);
    BOOST_TEST(!result.timed_out);
    BOOST_TEST(result.status.exited, result.status.describe());
    BOOST_TEST(result.status.code == 1, result.status.describe());
    BOOST_TEST(testing::count_lines_with(result.out, "part 2: ") == 0, result.out);
    BOOST_TEST(testing::gone(echo));  // reaped by the recipe
}

// The writer of part 1 dies: the parent sees end of file early, counts what it got, exits 1.
BOOST_AUTO_TEST_CASE(a_writer_killed_mid_run_gives_end_of_file_and_exit_1) {
    testing::PipedRun run("pipe", {"--messages", "1000000"});
    const long writer = child_of(run, "] writer: sending 1000000 numbers");
    BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(writer), SIGKILL) == 0);
    const auto result = run.finish(60s);
    BOOST_TEST(result.status.exited, result.status.describe());
    BOOST_TEST(result.status.code == 1, result.status.describe());
    BOOST_TEST(testing::number_after(result.out, "part 1: ") < 1000000.0, result.out);
    BOOST_TEST(testing::count_lines_with(result.out, "echo: ") == 0);  // part 2 never started
    BOOST_TEST(testing::gone(writer));
}

// An echo child that is alive but stuck (stopped): each read waits --timeout-ms, no longer.
BOOST_AUTO_TEST_CASE(a_stuck_child_cannot_hang_the_parent) {
    testing::PipedRun run("pipe", {"--messages", "100000", "--timeout-ms", "300"});
    const long echo = child_of(run, "] echo: echoing until end of file");
    const cookbook::Stopwatch watch;
    BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(echo), SIGSTOP) == 0);
    const auto result = run.finish(60s);
    BOOST_TEST(result.status.exited, result.status.describe());
    BOOST_TEST(result.status.code == 1, result.status.describe());
    BOOST_TEST(watch.seconds() < 30.0);  // 300 ms, then the stopped child is ended (SIGKILL)
    BOOST_TEST(testing::gone(echo));
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "pipe", {{"--messages", "0"}, {"--messages", "x"}, {"--duplex"}, {"--timeout-ms", "5"}});
}

BOOST_AUTO_TEST_SUITE_END()
