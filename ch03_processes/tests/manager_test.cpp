#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(manager)

// The book's run: ten processes, d[i] = 2i.
BOOST_AUTO_TEST_CASE(all_processes_writes_are_present) {
    const auto run = testing::run_recipe("manager");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "dict: ") ==
                   "dict: {0: 0, 1: 2, 2: 4, 3: 6, 4: 8, 5: 10, 6: 12, 7: 14, 8: 16, 9: 18}",
               run.out);
    BOOST_TEST(testing::line_with(run.out, "writes present: ") ==
                   "writes present: dict 10 of 10 (d[k] == 2k), list 10 of 10 (each key once); "
                   "dict size 10, list size 10",
               run.out);
}

// Many writes each, so that the children really contend for the lock.
BOOST_AUTO_TEST_CASE(many_writes_per_child_are_all_present) {
    const auto run = testing::run_recipe("manager", {"--processes", "4", "--items", "5000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "writes present: dict ") == 20000.0);
    BOOST_TEST(testing::number_after(run.out, "list ") == 20000.0);
    BOOST_TEST(testing::number_after(run.out, "dict size ") == 20000.0);
}

BOOST_AUTO_TEST_CASE(two_runs_at_once_do_not_interfere) {
    testing::PipedRun first("manager", {"--processes", "3", "--items", "3000"});
    testing::PipedRun second("manager", {"--processes", "5", "--items", "1000"});
    const auto first_result = first.finish(60s);
    const auto second_result = second.finish(60s);
    for (const auto* result : {&first_result, &second_result}) {
        BOOST_TEST_REQUIRE(result->status.ok(), result->describe());
        BOOST_TEST(result->leftovers.empty(), result->describe());
    }
    BOOST_TEST(testing::number_after(first_result.out, "dict size ") == 9000.0);
    BOOST_TEST(testing::number_after(second_result.out, "dict size ") == 5000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--processes", "65"}, {"--items", "0"}, {"--items", "many"}, {"--dict"}}) {
        const auto run = testing::run_recipe("manager", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
