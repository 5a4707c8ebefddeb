#include <boost/test/unit_test.hpp>
#include <sstream>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(workers)

BOOST_AUTO_TEST_CASE(all_jobs_done_and_counts_add_up) {
    const auto run =
        testing::run_recipe("workers", {"--workers", "3", "--jobs", "50", "--job-size", "10000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("jobs done: 50 of 50; total equals the serial total: yes") !=
               std::string::npos);
    long sum = 0;
    int workers = 0;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("[thread ", 0) == 0) {
            sum += std::stol(line.substr(line.find("] ") + 2));
            ++workers;
        }
    }
    BOOST_TEST(workers == 3);
    BOOST_TEST(sum == 50);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("workers", {{"--workers", "0"}, {"--job-size", "0"}});
}

BOOST_AUTO_TEST_SUITE_END()
