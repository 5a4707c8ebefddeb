#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(background_process)

// Python's exit semantics: the daemon is terminated, the other child runs to its end.
BOOST_AUTO_TEST_CASE(daemon_is_ended_and_the_other_child_finishes) {
    const auto run = testing::run_recipe("background_process", {"--step-ms", "50"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("background_process (daemon, pid ") != std::string::npos, run.out);
    BOOST_TEST(testing::line_with(run.out, "(daemon, pid ").find("killed by signal 15 (SIGTERM)") !=
                   std::string::npos,
               run.out);
    BOOST_TEST(testing::line_with(run.out, "NO_background_process (pid ").find("exit code 0") !=
                   std::string::npos,
               run.out);
    for (int i = 5; i < 10; ++i) {
        BOOST_TEST(testing::count_lines_with(run.out, "---> " + std::to_string(i)) == 1);
    }
    BOOST_TEST(testing::count_lines_with(run.out, "exiting NO_background_process") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "exiting background_process") == 0);
    BOOST_TEST(testing::count_lines_with(run.out, "---> 4") == 0);  // the daemon's last line
    BOOST_TEST(
        run.out.find("ended by the parent: 1 of 1; others finished: 1 of 1") != std::string::npos,
        run.out);

    // After the parent has ended, the daemon is gone: no process has its pid any more.
    const auto daemon_pid = testing::number_after(run.out, "(daemon, pid ");
    BOOST_TEST_REQUIRE(daemon_pid.has_value());
    errno = 0;
    BOOST_TEST(::kill(static_cast<pid_t>(*daemon_pid), 0) == -1);
    BOOST_TEST(errno == ESRCH);
}

BOOST_AUTO_TEST_CASE(without_daemons_both_children_finish) {
    const auto run = testing::run_recipe("background_process", {"--step-ms", "20", "--no-daemons"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(testing::count_lines_with(run.out, "---> " + std::to_string(i)) == 1);
    }
    BOOST_TEST(testing::count_lines_with(run.out, "): exit code 0") == 2);
    BOOST_TEST(
        run.out.find("ended by the parent: 0 of 0; others finished: 2 of 2") != std::string::npos,
        run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--step-ms", "0"}, {"--step-ms", "fast"}, {"--no-daemons", "yes"}, {"--daemon"}}) {
        const auto run = testing::run_recipe("background_process", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
