#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(async_file_io)

BOOST_AUTO_TEST_CASE(the_copy_is_byte_exact) {
    const auto run = testing::run_recipe("async_file_io", {"--megabytes", "4", "--chunk-kb", "64"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "copied ") ==
               "copied 4194304 of 4194304 bytes in chunks of 64 KiB; byte-exact: yes");
    BOOST_TEST(testing::count_lines_with(run.out, "progress: ") == 4);
    BOOST_TEST(run.out.find("progress: 4 of 4 MiB (100%)") != std::string::npos, run.out);
}

// A chunk size that does not divide the file: the last chunk is a short one.
BOOST_AUTO_TEST_CASE(an_odd_chunk_size_and_one_pool_thread) {
    const auto run = testing::run_recipe("async_file_io", {"--megabytes", "3", "--chunk-kb", "7",
                                                           "--threads", "1"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "copied ").find("copied 3145728 of 3145728 bytes") == 0u);
    BOOST_TEST(run.out.find("byte-exact: yes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("async_file_io", {{"--megabytes", "0"}, {"--chunk-kb", "1"},
                                                  {"--threads", "many"}, {"--output", "x"}});
}

BOOST_AUTO_TEST_SUITE_END()
