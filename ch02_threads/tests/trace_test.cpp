// --trace FILE: the timeline of each traced recipe reads back whole, and tracing does not
// change what the recipe checks.
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(define_thread) {
    testing::check_traced("define_thread", {"--threads", "4", "--work-ms", "5"},
                          "threads that ran once per part");
}

BOOST_AUTO_TEST_CASE(lock) {
    testing::check_traced("lock", {"--threads", "3", "--increments", "1000", "--tasks", "4"},
                          "final counter:");
}

BOOST_AUTO_TEST_CASE(condition) {
    testing::check_traced("condition", {"--items", "200", "--capacity", "5"},
                          "items consumed once and in order:");
}

BOOST_AUTO_TEST_CASE(thread_pool) {
    testing::check_traced("thread_pool", {"--workers", "3", "--items", "9", "--step-ms", "2"},
                          "map in input order:");
}

// A file that cannot be written is bad input: exit 2, one error line.
BOOST_AUTO_TEST_CASE(an_unwritable_trace_file_is_a_usage_error) {
    BOOST_TEST(testing::is_usage_error(testing::run_recipe("lock", {"--trace", "/"})));
}

BOOST_AUTO_TEST_SUITE_END()
