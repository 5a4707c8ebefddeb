#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "reader_helpers.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(web_readers)

BOOST_AUTO_TEST_CASE(reads_the_whole_embedded_corpus) {
    const auto run = testing::run_recipe("web_readers",
                                         {"--threads", "6", "--pages", "45", "--latency-ms", "5"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "pages: ").find("pages: 45 of 45 read, 0 failed, ") ==
               0u);
    BOOST_TEST(testing::line_with(run.out, "pages: ").find("(the corpus's)") != std::string::npos);
    BOOST_TEST(testing::count_lines_with(run.out, "progress: ") == 4);
    BOOST_TEST(testing::number_after(run.out, "elapsed: ") > 0.0);
}

BOOST_AUTO_TEST_CASE(reads_a_url_file_and_reports_each_failure) {
    reader_test::check_reader_against_a_served_corpus("web_readers", {"--threads", "4"});
}

// More threads than pages: the extra threads have nothing to do and end at once.
BOOST_AUTO_TEST_CASE(more_threads_than_pages) {
    const auto run = testing::run_recipe("web_readers", {"--threads", "20", "--pages", "3"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "pages: ") == 3.0);
}

BOOST_AUTO_TEST_CASE(a_server_slower_than_the_timeout_fails_each_request_promptly) {
    reader_test::check_reader_timeouts("web_readers", {"--threads", "4"});
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    reader_test::check_reader_usage_errors("web_readers");
    testing::check_usage_errors("web_readers", {{"--threads", "0"},
                                                {"--pages", "x"},
                                                {"--latency-ms", "-1"},
                                                {"--url-file", "/nonexistent/urls.txt"}});
}

BOOST_AUTO_TEST_SUITE_END()
