#include <boost/test/unit_test.hpp>
#include <sstream>

#include "cookbook/testing.hpp"
#include "reader_helpers.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(web_readers_queue)

BOOST_AUTO_TEST_CASE(workers_share_the_pages_and_read_them_all) {
    const auto run = testing::run_recipe("web_readers_queue",
                                         {"--workers", "3", "--pages", "40", "--latency-ms", "5"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "pages: ").find("pages: 40 of 40 read, 0 failed, ") ==
               0u);
    BOOST_TEST(testing::line_with(run.out, "pages: ").find("(the corpus's)") != std::string::npos);
    int read = 0;  // the workers' shares add up to the whole
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("[thread ", 0) == 0) {
            read += std::stoi(line.substr(line.find(" read ") + 6));
        }
    }
    BOOST_TEST(read == 40);
    BOOST_TEST(testing::count_lines_with(run.out, "[thread ") == 3);
}

BOOST_AUTO_TEST_CASE(reads_a_url_file_and_reports_each_failure) {
    reader_test::check_reader_against_a_served_corpus("web_readers_queue", {"--workers", "3"});
}

BOOST_AUTO_TEST_CASE(a_server_slower_than_the_timeout_fails_each_request_promptly) {
    reader_test::check_reader_timeouts("web_readers_queue", {"--workers", "3"});
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    reader_test::check_reader_usage_errors("web_readers_queue");
    testing::check_usage_errors(
        "web_readers_queue",
        {{"--workers", "0"}, {"--page-bytes", "1"}, {"--url-file"}, {"--threads", "4"}});
}

BOOST_AUTO_TEST_SUITE_END()
