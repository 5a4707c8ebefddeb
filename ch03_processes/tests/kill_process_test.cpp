#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;

#if COOKBOOK_HAVE_BOOST_PROCESS
BOOST_AUTO_TEST_SUITE(kill_process)

BOOST_AUTO_TEST_CASE(killed_children_are_reported_as_terminated_by_their_signal) {
    cookbook::Stopwatch watch;
    const auto run = testing::run_recipe("kill_process");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "first child: ") ==
                   "first child: killed by signal 15 (SIGTERM); second child: killed by signal 9 "
                   "(SIGKILL)",
               run.out);
    // Python's exitcode is minus the signal; Boost.Process's exit_code() is the bare signal.
    BOOST_TEST(testing::count_lines_with(run.out, "Python's exitcode would be -15") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "Python's exitcode would be -9") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "Boost.Process exit_code(): 15;") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "after the wait: killed by signal") == 2);
    // Each child would have worked 10 s: the signals really cut them short.
    BOOST_TEST(watch.seconds() < 8.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--signal", "9"}, {"now"}, {"--child"}, {"--child", "-5"}}) {
        const auto run = testing::run_recipe("kill_process", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
#else
// Without the Boost.Process library the recipe is not built; this case only says so in
// --list_content, and is disabled, so that CTest does not register a test that checks nothing.
BOOST_AUTO_TEST_CASE(kill_process_not_built,
                     *boost::unit_test::disabled() *
                         boost::unit_test::description("Boost.Process v2 cannot be linked here")) {}
#endif
