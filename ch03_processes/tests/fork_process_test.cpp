#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(fork_process)

// 1..20 sums to 210; the child adds 100 to each of its copies (+2000), the parent's stay.
BOOST_AUTO_TEST_CASE(the_childs_change_is_invisible_to_the_parent) {
    const auto run = testing::run_recipe("fork_process", {"--items", "20"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "child's sum: ") == 2210.0);
    BOOST_TEST(testing::number_after(run.out, "changed its copy: ") == 210.0);
    BOOST_TEST(testing::number_after(run.out, "threads in the child: ") == 1.0);
    BOOST_TEST(testing::number_after(run.out, "parent: threads here: ") >= 2.0);
    BOOST_TEST(run.out.find("child ended with exit code 0") != std::string::npos, run.out);
}

BOOST_AUTO_TEST_CASE(the_child_reports_its_own_pid) {
    const auto run = testing::run_recipe("fork_process");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const std::string parent_tag = "[pid " + std::to_string(run.pid) + "]";
    BOOST_TEST(testing::line_with(run.out, "child: sum").rfind("[pid ", 0) == 0u);
    BOOST_TEST(testing::line_with(run.out, "child: sum").rfind(parent_tag, 0) != 0u);
    BOOST_TEST(testing::line_with(run.out, "parent: sum").rfind(parent_tag, 0) == 0u);
    BOOST_TEST(testing::number_after(run.out, "changed its copy: ") == 55.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--items", "ten"}, {"--items", "0"}, {"--items", "5000000"}, {"--child", "1", "x"}}) {
        const auto run = testing::run_recipe("fork_process", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
