#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

namespace {

// The echo child's pid, once it has said it is echoing.
long pid_of_echo(testing::PipedRun& run) {
    BOOST_TEST_REQUIRE(run.wait_for_lines("] echo: echoing until end of file", 1, 60s), run.out());
    const auto pids = testing::pids_of_lines_with(run.out(), "] echo: echoing until end of file");
    BOOST_TEST_REQUIRE(pids.size() == 1u, run.out());
    return pids.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pipe_duplex)

BOOST_AUTO_TEST_CASE(every_echo_is_intact_and_the_child_leaves_at_end_of_file) {
    for (const char* messages : {"25", "20000"}) {  // 20000: more than a pipe holds
        const auto run = testing::run_recipe("pipe_duplex", {"--messages", messages});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::line_with(run.out, "messages echoed back intact: ") ==
                       "messages echoed back intact: " + std::string(messages) + " of " + messages +
                           "; the child left at end of file: yes",
                   run.out);
    }
}

// The echo child dies: the parent's next write fails with EPIPE (or its read sees end of
// file). It must say so and exit 1 -- not die of SIGPIPE, not hang.
BOOST_AUTO_TEST_CASE(an_echo_child_killed_mid_run_is_reported_not_fatal) {
    testing::PipedRun run("pipe_duplex", {"--messages", "1000000"});
    const long echo = pid_of_echo(run);
    BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(echo), SIGKILL) == 0);
    const auto result = run.finish(60s);
    BOOST_TEST(!result.timed_out);
    BOOST_TEST(result.status.exited, result.status.describe());
    BOOST_TEST(result.status.code == 1, result.status.describe());
    BOOST_TEST(testing::count_lines_with(result.out, "echoed back intact") == 0, result.out);
    BOOST_TEST(testing::gone(echo));  // reaped by the recipe
}

// An echo child that is alive but stuck (stopped): each read waits --timeout-ms, no longer.
BOOST_AUTO_TEST_CASE(a_stuck_child_cannot_hang_the_parent) {
    testing::PipedRun run("pipe_duplex", {"--messages", "1000000", "--timeout-ms", "300"});
    const long echo = pid_of_echo(run);
    const cookbook::Stopwatch watch;
    BOOST_TEST_REQUIRE(::kill(static_cast<pid_t>(echo), SIGSTOP) == 0);
    const auto result = run.finish(60s);
    BOOST_TEST(result.status.exited, result.status.describe());
    BOOST_TEST(result.status.code == 1, result.status.describe());
    BOOST_TEST(watch.seconds() < 30.0);
    BOOST_TEST(testing::gone(echo));
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("pipe_duplex",
                                {{"--messages", "0"}, {"--messages", "x"}, {"--timeout-ms", "5"}});
}

BOOST_AUTO_TEST_SUITE_END()
