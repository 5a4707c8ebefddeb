#include <boost/test/unit_test.hpp>
#include <cmath>
#include <sstream>
#include <string>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(amdahl)

BOOST_AUTO_TEST_CASE(measures_every_thread_count_next_to_both_laws) {
    const auto run = testing::run_recipe(
        "amdahl", {"--threads", "3", "--units", "60", "--serial-percent", "20"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(
                   run.out,
                   "same checksum at 1..3 threads: yes; Amdahl's limit for 20% serial: 5.0x") == 1,
               run.out);
    BOOST_TEST(testing::number_after(run.out, "units, ") == 12.0);  // 20% of 60 units are serial
    // Each row: p | measured speedup, efficiency, Amdahl | measured scaled speedup, Gustafson.
    // f = 0.2: Amdahl 1/(0.2 + 0.8/p) = 1.00, 1.67, 2.14; Gustafson p - 0.2(p-1)
    // = 1.00, 1.80, 2.60.
    const std::string rows[] = {testing::line_with(run.out, "      1 | "),
                                testing::line_with(run.out, "      2 | "),
                                testing::line_with(run.out, "      3 | ")};
    BOOST_TEST(rows[0].find(" 1.00x |") != std::string::npos, rows[0]);
    BOOST_TEST(rows[1].find(" 1.67x |") != std::string::npos, rows[1]);
    BOOST_TEST(rows[2].find(" 2.14x |") != std::string::npos, rows[2]);
    BOOST_TEST(rows[1].substr(rows[1].size() - 6) == " 1.80x", rows[1]);
    BOOST_TEST(rows[2].substr(rows[2].size() - 6) == " 2.60x", rows[2]);
    // The measured columns: a real, positive speedup at every p, and an efficiency that is the
    // speedup divided by p. (No upper bound: runs of a few ms on a busy machine can flatter.)
    for (int p = 1; p <= 3; ++p) {
        std::istringstream row(rows[p - 1]);
        int threads = 0;
        double speedup = 0, efficiency = 0, scaled = 0;
        char bar = 0, x = 0, percent = 0;
        std::string amdahl_column;
        row >> threads >> bar >> speedup >> x >> efficiency >> percent >> amdahl_column >> bar >>
            scaled;
        BOOST_TEST_REQUIRE(!row.fail(), rows[p - 1]);
        BOOST_TEST(threads == p);
        BOOST_TEST((speedup > 0.0 && std::isfinite(speedup)), rows[p - 1]);
        BOOST_TEST(std::abs(efficiency - 100.0 * speedup / p) <= 1.0, rows[p - 1]);
        BOOST_TEST((scaled > 0.0 && std::isfinite(scaled)), rows[p - 1]);
    }
}

// The fraction used is the one the units allow: 15% of 10 units is 1 unit, f = 0.10.
BOOST_AUTO_TEST_CASE(the_serial_fraction_is_what_the_units_allow) {
    const auto run = testing::run_recipe(
        "amdahl", {"--threads", "2", "--units", "10", "--serial-percent", "15"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out, "1 of them serial (f = 0.10)") == 1, run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "Amdahl's limit for 10% serial: 10.0x") == 1,
               run.out);
}

BOOST_AUTO_TEST_CASE(no_serial_part_means_no_limit) {
    const auto run =
        testing::run_recipe("amdahl", {"--threads", "2", "--units", "20", "--serial-percent", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out, "Amdahl's limit for 0% serial: none") == 1,
               run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("amdahl", {{"--threads", "0"},
                                           {"--serial-percent", "101"},
                                           {"--units", "5"},
                                           {"--units", "ten"},
                                           {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
