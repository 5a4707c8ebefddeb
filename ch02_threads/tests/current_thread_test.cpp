#include <boost/test/unit_test.hpp>
#include <set>
#include <sstream>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(current_thread)

BOOST_AUTO_TEST_CASE(names_and_ids_are_distinct) {
    const auto run = testing::run_recipe("current_thread", {"--threads", "5", "--work-ms", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(
        run.out.find("threads with their own id: 5 of 5; names read back from the OS: 5 of 5") !=
            std::string::npos,
        run.out);
    // The printed ids: main's and five others, all different.
    std::set<std::string> ids;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        const auto at = line.find(" id ");
        if (at != std::string::npos) {
            ids.insert(line.substr(at + 4));
        }
    }
    BOOST_TEST(ids.size() == 6u);
    for (char name = 'A'; name <= 'E'; ++name) {
        BOOST_TEST(testing::count_lines_with(run.out,
                                             std::string("[function_") + name + "] exiting") == 1);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("current_thread",
                                {{"--threads", "27"}, {"--threads", "0"}, {"--work-ms", "x"}});
}

BOOST_AUTO_TEST_SUITE_END()
