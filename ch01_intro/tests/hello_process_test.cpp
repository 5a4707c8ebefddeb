#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(hello_process)

BOOST_AUTO_TEST_CASE(the_child_is_another_process_with_its_own_memory) {
    const auto run = testing::run_recipe("hello_process");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty());
    const auto parent = testing::number_after(run.out, "[pid ");  // the last [pid ...] line
    const auto child = testing::number_after(run.out, "] child ");
    BOOST_TEST_REQUIRE(child.has_value());
    BOOST_TEST(*child != static_cast<double>(run.pid));
    BOOST_TEST(parent == static_cast<double>(run.pid));
    // The child says hello under its own pid and names the parent's.
    const std::string child_tag = "[pid " + std::to_string(static_cast<long>(*child)) + "]";
    BOOST_TEST(testing::line_with(run.out, "hello from child 1").rfind(child_tag, 0) == 0u,
               run.out);
    BOOST_TEST(testing::line_with(run.out, "my parent is ").find(std::to_string(run.pid)) !=
               std::string::npos);
    BOOST_TEST(testing::number_after(run.out, "child sees counter = ") == 0.0);
    BOOST_TEST(testing::count_lines_with(
                   run.out,
                   "child's pid differs from the parent's: yes; child's exit code 0; "
                   "parent's counter untouched: yes") == 1,
               run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("hello_process", {{"--child", "x"}, {"--child"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
