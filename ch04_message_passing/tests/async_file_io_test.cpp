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
    const auto run = testing::run_recipe("async_file_io",
                                         {"--megabytes", "3", "--chunk-kb", "7", "--threads", "1"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "copied ").find("copied 3145728 of 3145728 bytes") ==
               0u);
    BOOST_TEST(run.out.find("byte-exact: yes") != std::string::npos);
}

// The lesson: the event loop's thread stays free while the pool does the file I/O, so its 1 ms
// heartbeat ticks while reads and writes are under way. Copying 32 MiB keeps the pool busy for
// several milliseconds at least; had the loop's own thread done the I/O, no tick could come
// while an operation was under way, and the count would be 0.
BOOST_AUTO_TEST_CASE(the_heartbeat_ticks_while_the_pool_does_the_io) {
    const auto run = testing::run_recipe("async_file_io", {"--megabytes", "32"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const auto ticks = testing::number_after(run.out, "heartbeat ticked ");
    const auto while_busy = testing::number_after(run.out, "times during the copy, ");
    BOOST_TEST_REQUIRE((ticks && while_busy), run.out);
    BOOST_TEST(*while_busy >= 1.0, run.out);
    BOOST_TEST(*while_busy <= *ticks);
    BOOST_TEST(run.out.find("byte-exact: yes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "async_file_io",
        {{"--megabytes", "0"}, {"--chunk-kb", "1"}, {"--threads", "many"}, {"--output", "x"}});
}

BOOST_AUTO_TEST_SUITE_END()
