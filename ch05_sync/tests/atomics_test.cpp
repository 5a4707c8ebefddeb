#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(atomics)

BOOST_AUTO_TEST_CASE(every_counter_is_exact) {
    const auto run = testing::run_recipe("atomics", {"--threads", "3", "--increments", "50000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "counters exact: ") == 4.0);
    BOOST_TEST(testing::number_after(run.out, "(expected ") == 150000.0);
    BOOST_TEST(testing::count_lines_with(run.out, "published data seen whole: yes") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "release/acquire seen whole: yes") == 1);
}

// Relaxed and seq_cst are both timed, for increments and for stores (no ratio is asserted:
// the figures depend on the processor, and under a sanitizer on the sanitizer).
BOOST_AUTO_TEST_CASE(relaxed_and_seq_cst_are_both_timed) {
    const auto run = testing::run_recipe("atomics", {"--threads", "2", "--increments", "20000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    for (const std::string row :
         {"fetch_add relaxed: ", "fetch_add seq_cst: ", "boost::atomic ++: ",
          "local count, one add: ", "store relaxed: ", "store seq_cst: "}) {
        const auto seconds = testing::number_after(run.out, row);
        BOOST_TEST_REQUIRE(seconds.has_value(), row << run.out);
        BOOST_TEST(*seconds >= 0.0);
        BOOST_TEST(testing::line_with(run.out, row).find(" ns each") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--threads", "0"},
                                                                  {"--threads", "65"},
                                                                  {"--increments", "lots"},
                                                                  {"--order", "relaxed"}}) {
        const auto run = testing::run_recipe("atomics", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
