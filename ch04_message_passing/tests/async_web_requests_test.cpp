#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "reader_helpers.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(async_web_requests)

BOOST_AUTO_TEST_CASE(reads_the_whole_embedded_corpus) {
    const auto run =
        testing::run_recipe("async_web_requests", {"--pages", "50", "--latency-ms", "5"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "pages: ").find("pages: 50 of 50 read, 0 failed, ") ==
               0u);
    BOOST_TEST(testing::line_with(run.out, "pages: ").find("(the corpus's)") != std::string::npos);
    BOOST_TEST(testing::count_lines_with(run.out, "at most 16 requests in flight") == 1);
}

BOOST_AUTO_TEST_CASE(reads_a_url_file_and_reports_each_failure) {
    reader_test::check_reader_against_a_served_corpus("async_web_requests", {"--concurrency", "5"});
}

// The three readers read the same corpus and must print the same checksum.
BOOST_AUTO_TEST_CASE(the_three_readers_agree_on_the_checksum) {
    const std::vector<std::string> corpus = {"--pages", "37",           "--page-bytes",
                                             "3000",    "--latency-ms", "1"};
    std::vector<std::string> checksums;
    for (const char* recipe : {"web_readers", "web_readers_queue", "async_web_requests"}) {
        const auto run = testing::run_recipe(recipe, corpus);
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        checksums.push_back(reader_test::checksum_in(run.out));
    }
    const cookbook::http::Corpus expected({.pages = 37, .page_bytes = 3000});
    BOOST_TEST(checksums[0] == reader_test::hex(expected.checksum()));
    BOOST_TEST(checksums[1] == checksums[0]);
    BOOST_TEST(checksums[2] == checksums[0]);
}

// Requests in flight together overlap their waits: far faster than one at a time. 50 ms per
// request gives headroom on a loaded machine: ideally 2.0 s against 0.15 s.
BOOST_AUTO_TEST_CASE(sixteen_in_flight_beat_one_at_a_time) {
    const std::vector<std::string> corpus = {"--pages", "40", "--latency-ms", "50"};
    std::vector<std::string> serial_args = corpus, concurrent_args = corpus;
    serial_args.insert(serial_args.end(), {"--concurrency", "1"});
    concurrent_args.insert(concurrent_args.end(), {"--concurrency", "16"});
    const auto serial = testing::run_recipe("async_web_requests", serial_args);
    const auto concurrent = testing::run_recipe("async_web_requests", concurrent_args);
    BOOST_TEST_REQUIRE(serial.status.ok(), serial.describe());
    BOOST_TEST_REQUIRE(concurrent.status.ok(), concurrent.describe());
    const auto serial_seconds = testing::number_after(serial.out, "elapsed: ");
    const auto concurrent_seconds = testing::number_after(concurrent.out, "elapsed: ");
    BOOST_TEST_REQUIRE((serial_seconds && concurrent_seconds));
    BOOST_TEST(*serial_seconds >= 40 * 0.050);              // forty waits, one after another
    BOOST_TEST(*concurrent_seconds < *serial_seconds / 3);  // ideal: 1/16
}

// The bound itself, seen from the server: the most requests it was answering at one moment is
// exactly --concurrency -- never more (the bound holds), and not fewer (they really overlap).
BOOST_AUTO_TEST_CASE(the_server_sees_exactly_concurrency_requests_at_once) {
    for (const int concurrency : {1, 5}) {
        BOOST_TEST_CONTEXT("--concurrency " << concurrency) {
            reader_test::ServedCorpus served(30, std::chrono::milliseconds(50));
            const auto run = testing::run_recipe(
                "async_web_requests",
                reader_test::with_url_file({"--concurrency", std::to_string(concurrency)},
                                           served.url_file));
            BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
            BOOST_TEST(served.server.requests_served() == 30);
            BOOST_TEST(served.server.most_in_flight() == concurrency);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_server_slower_than_the_timeout_fails_each_request_promptly) {
    reader_test::check_reader_timeouts("async_web_requests", {"--concurrency", "5"});
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    reader_test::check_reader_usage_errors("async_web_requests");
    testing::check_usage_errors("async_web_requests", {{"--concurrency", "0"},
                                                       {"--concurrency", "2.5"},
                                                       {"--url-file", "/nonexistent"},
                                                       {"--serial"}});
}

BOOST_AUTO_TEST_SUITE_END()
