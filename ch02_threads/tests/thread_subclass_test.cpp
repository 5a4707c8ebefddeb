#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(thread_subclass)

BOOST_AUTO_TEST_CASE(every_object_finished_its_work_before_its_scope_ended) {
    const auto run = testing::run_recipe("thread_subclass", {"--threads", "6", "--max-ms", "300"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("objects whose work was done when their scope ended: 6 of 6") !=
                   std::string::npos,
               run.out);
    // One process: every thread reports the pid of the run.
    const std::string pid_text = "running in pid " + std::to_string(run.pid) + ",";
    BOOST_TEST(testing::count_lines_with(run.out, pid_text) == 6, run.out);
    // The jobs (100, 200, 300, 100, 200, 300 ms) ran at the same time: about the longest one,
    // far under their 1.2 s sum (the margin is wide for a busy machine).
    const auto elapsed = testing::number_after(run.out, "elapsed: ");
    BOOST_TEST_REQUIRE(elapsed.has_value());
    BOOST_TEST(*elapsed >= 0.300);
    BOOST_TEST(*elapsed < 0.900);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("thread_subclass", {{"--threads", "-3"}, {"--max-ms", "9999"}});
}

BOOST_AUTO_TEST_SUITE_END()
