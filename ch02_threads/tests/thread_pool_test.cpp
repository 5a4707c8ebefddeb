#include <boost/test/unit_test.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(thread_pool)

BOOST_AUTO_TEST_CASE(map_keeps_order_and_as_completed_returns_everything) {
    const auto run =
        testing::run_recipe("thread_pool", {"--workers", "3", "--items", "9", "--step-ms", "2"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("map in input order: yes; as_completed results equal to serial: yes") !=
               std::string::npos);
    // map: x*x for x = 0..8, in input order.
    const std::string map_label = "map:          results ";
    std::istringstream mapped(testing::line_with(run.out, map_label).substr(map_label.size()));
    std::vector<long> values;
    for (long value; mapped >> value;) {
        values.push_back(value);
    }
    BOOST_TEST(values == (std::vector<long>{0, 1, 4, 9, 16, 25, 36, 49, 64}),
               boost::test_tools::per_element());
    // as_completed lists each item once.
    const std::string line = testing::line_with(run.out, "in the order they finished: ");
    const std::string label = "they finished: ";
    std::istringstream items(line.substr(line.find(label) + label.size()));
    std::multiset<int> seen;
    for (int x; items >> x;) {
        seen.insert(x);
    }
    BOOST_TEST(seen.size() == 9u);
    for (int x = 0; x < 9; ++x) {
        BOOST_TEST(seen.count(x) == 1u);
    }
}

// ~thread_pool() is stop() + join(): tasks still queued are destroyed, not run (unlike
// Python's `with ThreadPoolExecutor():`), and their futures report broken_promise.
BOOST_AUTO_TEST_CASE(stopping_a_pool_drops_its_queued_tasks) {
    const auto run = testing::run_recipe("thread_pool", {"--items", "4", "--step-ms", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(
                   run.out, "queued tasks dropped by stop(): 3 of 3 (broken_promise)") == 1,
               run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("thread_pool", {{"--workers", "0"}, {"--step-ms", "101"}});
}

BOOST_AUTO_TEST_SUITE_END()
