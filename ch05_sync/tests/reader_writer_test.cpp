#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(reader_writer)

// Both claims are measured inside the recipe (atomics counting who is inside): check them.
BOOST_AUTO_TEST_CASE(readers_overlap_and_writers_are_alone) {
    const auto run = testing::run_recipe("reader_writer",
                                         {"--readers", "3", "--writers", "2", "--rounds", "10"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    for (const std::string part : {"part 1, threads: ", "part 2, processes: "}) {
        const std::string line = testing::line_with(run.out, part);
        BOOST_TEST_REQUIRE(!line.empty(), run.out);
        const auto most = testing::number_after(line, "most readers inside at once: ");
        BOOST_TEST(most >= 2.0, line);
        BOOST_TEST(most <= 3.0, line);
        BOOST_TEST(testing::number_after(line, "writers with company: ") == 0.0, line);
        BOOST_TEST(testing::number_after(line, "torn reads: ") == 0.0, line);
        // Two writers try in each of the 10 rounds; each round is written once: version 10.
        BOOST_TEST(testing::number_after(line, "version: ") == 10.0, line);
        BOOST_TEST(line.ends_with("version: 10 of 10"), line);
    }
    BOOST_TEST(testing::count_lines_with(run.out, "yes with threads, yes with processes") == 1);
}

// Many writers: most of their attempts find the document up to date and write nothing; the
// check and the write are one step (upgrade_lock, or one exclusive lock), so the version
// still ends at exactly the number of rounds.
BOOST_AUTO_TEST_CASE(many_writers_write_each_version_once) {
    const auto run = testing::run_recipe(
        "reader_writer", {"--readers", "2", "--writers", "6", "--rounds", "20", "--hold-ms", "1"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out, "; version: 20 of 20") == 2, run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "writers with company: 0; torn reads: 0") == 2);
}

BOOST_AUTO_TEST_CASE(default_run_keeps_both_promises) {
    const auto run = testing::run_recipe("reader_writer");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out, "writers with company: 0; torn reads: 0") == 2);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--readers", "1"},
                                                                  {"--writers", "0"},
                                                                  {"--hold-ms", "0"},
                                                                  {"--rounds", "a"},
                                                                  {"--upgrade"}}) {
        const auto run = testing::run_recipe("reader_writer", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
