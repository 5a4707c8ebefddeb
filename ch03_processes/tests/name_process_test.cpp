#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(name_process)

BOOST_AUTO_TEST_CASE(names_are_reported_back) {
    const auto run = testing::run_recipe("name_process", {"--processes", "3", "--work-ms", "10"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "saw their own name: ") == 3.0);
    BOOST_TEST(testing::count_lines_with(
                   run.out, "starting my_func process (the kernel shows 'my_func process')") == 1);
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "starting Process-2 (the kernel shows 'Process-2')") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "exiting Process-3") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "Process-3 (pid ") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "): exit code 0") == 3);
}

// The kernel keeps 15 bytes of a name: the child sees the cut name and still counts it.
BOOST_AUTO_TEST_CASE(long_names_are_cut_to_15_bytes) {
    const auto run = testing::run_recipe("name_process", {"--processes", "1", "--work-ms", "0",
                                                          "--name", "a very long process name"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("(the kernel shows 'a very long pro')") != std::string::npos, run.out);
    BOOST_TEST(testing::number_after(run.out, "saw their own name: ") == 1.0);
}

// The name reaches the child as "--child-name=-x": a name that looks like an option stays a name.
BOOST_AUTO_TEST_CASE(a_name_that_starts_with_a_dash_is_passed_whole) {
    const auto run =
        testing::run_recipe("name_process", {"--processes", "1", "--work-ms", "0", "--name=-x"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("starting -x (the kernel shows '-x')") != std::string::npos, run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--processes", "-2"}, {"--processes", "33"}, {"--name", ""}, {"--name"}, {"-x"}}) {
        const auto run = testing::run_recipe("name_process", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
