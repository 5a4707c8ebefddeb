#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(thread_local_data)

BOOST_AUTO_TEST_CASE(each_thread_sees_only_its_own_value) {
    const auto run = testing::run_recipe("thread_local", {"--threads", "6"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("thread_local 6 of 6, thread_specific_ptr 6 of 6") !=
               std::string::npos);
    BOOST_TEST(testing::number_after(run.out, "own value: shared ") == 1.0);
    BOOST_TEST(
        run.out.find("main thread's own copies: thread_local -1, thread_specific_ptr empty") !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("thread_local", {{"--threads", "0"}, {"--threads", "2", "3"}});
}

BOOST_AUTO_TEST_SUITE_END()
