#include <boost/test/unit_test.hpp>
#include <cmath>

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

// Every variant is timed, and each "ns each" is the time divided by the operations.
BOOST_AUTO_TEST_CASE(every_variant_is_timed_per_operation) {
    const auto run = testing::run_recipe("atomics", {"--threads", "2", "--increments", "20000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    for (const auto& [row, operations] :
         std::vector<std::pair<std::string, double>>{{"fetch_add relaxed: ", 40000},
                                                     {"fetch_add seq_cst: ", 40000},
                                                     {"boost::atomic ++: ", 40000},
                                                     {"local count, one add: ", 40000},
                                                     {"store relaxed: ", 80000},
                                                     {"store seq_cst: ", 80000}}) {
        const std::string line = testing::line_with(run.out, row);
        const auto seconds = testing::number_after(line, row);
        const auto each_ns = testing::number_after(line, " s, ");
        BOOST_TEST_REQUIRE((seconds.has_value() && each_ns.has_value()), row << run.out);
        BOOST_TEST(*seconds >= 0.0);
        // Both are rounded when printed: allow half a unit of the last digit of the seconds.
        BOOST_TEST(
            std::abs(*each_ns - *seconds * 1e9 / operations) <= 0.00005 * 1e9 / operations + 0.01,
            line);
    }
}

// On x86 a seq_cst store needs a fence (xchg) and a relaxed one is a plain mov: many times
// cheaper. Each figure is the best of three runs, so a run slowed by the machine does not
// decide it; the ratio asked for is far below what is measured (~30x). Sanitizers hide the
// difference: under ThreadSanitizer every atomic operation is a call into its run time, and
// AddressSanitizer checks every store (~4x is left, which a busy machine can blur).
#if (defined(__x86_64__) || defined(__i386__)) && !defined(__SANITIZE_THREAD__) && \
    !defined(__SANITIZE_ADDRESS__)
BOOST_AUTO_TEST_CASE(a_seq_cst_store_costs_more_than_a_relaxed_one_on_x86) {
    const auto run = testing::run_recipe("atomics", {"--threads", "1", "--increments", "1000000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const auto relaxed =
        testing::number_after(testing::line_with(run.out, "store relaxed: "), " s, ");
    const auto seq_cst =
        testing::number_after(testing::line_with(run.out, "store seq_cst: "), " s, ");
    BOOST_TEST_REQUIRE((relaxed.has_value() && seq_cst.has_value()), run.out);
    BOOST_TEST(*seq_cst >= 2.0 * *relaxed, run.out);
}
#endif

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
