#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

namespace {

// What the recipes measure from inside (common's Occupancy), checked on their report line:
// readers overlapped (between 2 and `readers`), no writer had company, no read was torn, and
// each of the `rounds` versions was written once.
void check_report(const testing::RunResult& run, const std::string& what, int readers, int rounds) {
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    const std::string line = testing::line_with(run.out, what + ": most readers inside at once: ");
    BOOST_TEST_REQUIRE(!line.empty(), run.out);
    const auto most = testing::number_after(line, "most readers inside at once: ");
    BOOST_TEST(most >= 2.0, line);
    BOOST_TEST(most <= double(readers), line);
    BOOST_TEST(line.find("; writers with company: 0; torn reads: 0; ") != std::string::npos, line);
    BOOST_TEST(
        line.ends_with("version: " + std::to_string(rounds) + " of " + std::to_string(rounds)),
        line);
    BOOST_TEST(testing::count_lines_with(run.out, "writers were alone: yes") == 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reader_writer)

BOOST_AUTO_TEST_CASE(readers_overlap_and_writers_are_alone) {
    const auto run = testing::run_recipe("reader_writer",
                                         {"--readers", "3", "--writers", "2", "--rounds", "10"});
    check_report(run, "threads", 3, 10);
}

// Many writers: most of their attempts find the document up to date and write nothing; the
// check and the write are one step (upgrade_lock), so the version still ends at the rounds.
BOOST_AUTO_TEST_CASE(many_writers_write_each_version_once) {
    const auto run = testing::run_recipe(
        "reader_writer", {"--readers", "2", "--writers", "6", "--rounds", "20", "--hold-ms", "1"});
    check_report(run, "threads", 2, 20);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("reader_writer", {{"--readers", "1"},
                                                  {"--writers", "0"},
                                                  {"--hold-ms", "0"},
                                                  {"--rounds", "a"},
                                                  {"--timeout-ms", "5"}});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(process_reader_writer)

BOOST_AUTO_TEST_CASE(reader_and_writer_processes_keep_the_promises) {
    const auto run = testing::run_recipe("process_reader_writer",
                                         {"--readers", "3", "--writers", "2", "--rounds", "10"});
    check_report(run, "processes", 3, 10);
}

BOOST_AUTO_TEST_CASE(many_writer_processes_write_each_version_once) {
    const auto run = testing::run_recipe(
        "process_reader_writer",
        {"--readers", "2", "--writers", "6", "--rounds", "20", "--hold-ms", "1"});
    check_report(run, "processes", 2, 20);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "process_reader_writer",
        {{"--readers", "1"}, {"--writers", "0"}, {"--timeout-ms", "0"}, {"--upgrade"}});
}

BOOST_AUTO_TEST_SUITE_END()
