#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

namespace {

// The pid of the child that printed `child_line` ("[pid N] ..."), once it has.
long pid_of_child(testing::PipedRun& run, const std::string& child_line) {
    BOOST_TEST_REQUIRE(run.wait_for_lines(child_line, 1, 60s), run.out());
    const auto pids = testing::pids_of_lines_with(run.out(), child_line);
    BOOST_TEST_REQUIRE(pids.size() == 1u, run.out());
    return pids.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pipes)  // not "pipe": that is the POSIX function

BOOST_AUTO_TEST_CASE(every_number_is_squared_once_in_order_then_end_of_file) {
    const auto run = testing::run_recipe("pipe", {"--numbers", "25"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "squares received: ") ==
                   "squares received: 25 of 25, 25 in order, then end of file",
               run.out);
    BOOST_TEST(testing::count_lines_with(run.out, " squared is ") == 25);
    BOOST_TEST(testing::count_lines_with(run.out, "24 squared is 576") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "] producer: sending 0 .. 24") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "] squarer: squaring until end of file") == 1);
}

// 200000 numbers are far more than a pipe holds (64 KiB): each writer waits for its reader.
BOOST_AUTO_TEST_CASE(many_numbers_fill_the_pipes_without_a_hang) {
    const auto run = testing::run_recipe("pipe", {"--numbers", "200000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "squares received: ") == 200000.0);
    BOOST_TEST(testing::number_after(run.out, "of 200000, ") == 200000.0);
}

// The squarer dies in the middle: the producer's next write fails (EPIPE), the parent reads
// end of file early; both say so, and the run ends with exit status 1 -- no SIGPIPE, no hang.
BOOST_AUTO_TEST_CASE(a_stage_killed_mid_run_is_reported_not_fatal) {
    testing::PipedRun run("pipe", {"--numbers", "1000000"});
    const long squarer = pid_of_child(run, "] squarer: squaring until end of file");
    BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(squarer), SIGKILL) == 0);
    const auto result = run.finish(60s);
    BOOST_TEST(!result.timed_out);
    BOOST_TEST(result.status.exited, result.status.describe());
    BOOST_TEST(result.status.code == 1, result.status.describe());
    BOOST_TEST(testing::number_after(result.out, "squares received: ") < 1000000.0, result.out);
    BOOST_TEST(testing::gone(squarer));  // reaped by the recipe
}

// A stage that is alive but stuck (stopped): each read waits --timeout-ms, no longer.
BOOST_AUTO_TEST_CASE(a_stuck_stage_cannot_hang_the_pipeline) {
    testing::PipedRun run("pipe", {"--numbers", "1000000", "--timeout-ms", "300"});
    const long squarer = pid_of_child(run, "] squarer: squaring until end of file");
    const cookbook::Stopwatch watch;
    BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(squarer), SIGSTOP) == 0);
    const auto result = run.finish(60s);
    BOOST_TEST(result.status.exited, result.status.describe());
    BOOST_TEST(result.status.code == 1, result.status.describe());
    BOOST_TEST(watch.seconds() < 30.0);  // 300 ms, then the stopped child is ended (SIGKILL)
    BOOST_TEST(testing::gone(squarer));
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "pipe", {{"--numbers", "0"}, {"--numbers", "x"}, {"--messages"}, {"--timeout-ms", "5"}});
}

BOOST_AUTO_TEST_SUITE_END()
