#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>
#include <istream>

#include "cookbook/http.hpp"
#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace http = cookbook::http;
namespace testing = cookbook::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(http_server)

BOOST_AUTO_TEST_CASE(serves_every_page_and_refuses_bad_requests) {
    const auto run = testing::run_recipe("http_server", {"--pages", "12", "--page-bytes", "500"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "pages served and checked: ") ==
               "pages served and checked: 12 of 12; bad requests answered with 4xx: 3 of 3; "
               "still serving: yes");
    BOOST_TEST(run.out.find("  path with .. -> 404\n") != std::string::npos, run.out);
    BOOST_TEST(run.out.find("  target of 300 bytes -> 414\n") != std::string::npos);
    BOOST_TEST(run.out.find("  headers over 8 KiB -> 431\n") != std::string::npos);
}

// --serve: the test is the client. Bad requests from outside get 4xx, the server keeps serving
// the right pages, and SIGTERM stops it cleanly.
BOOST_AUTO_TEST_CASE(serve_mode_answers_a_real_client_and_stops_on_sigterm) {
    testing::PipedRun server("http_server", {"--serve", "--pages", "8", "--page-bytes", "700"});
    BOOST_TEST_REQUIRE(server.wait_for_lines("press Ctrl-C", 1, 30s), server.out());
    const auto port_number = testing::number_after(server.out(), "(port ");
    BOOST_TEST_REQUIRE(port_number.has_value(), server.out());
    const auto port = static_cast<unsigned short>(*port_number);

    const std::string host = "Host: 127.0.0.1\r\n";
    BOOST_TEST(http::raw_status(port, "GET /../../etc/passwd HTTP/1.1\r\n" + host + "\r\n") == 404);
    BOOST_TEST(
        http::raw_status(port, "GET /pages/..%2f..%2fetc/passwd HTTP/1.1\r\n" + host + "\r\n") /
            100 ==
        4);
    BOOST_TEST(http::raw_status(port, "this is not HTTP\r\n\r\n") == 400);
    BOOST_TEST(http::raw_status(port, "GET / HTTP/1.1\r\n" + host + "X-Huge: " +
                                          std::string(20000, 'x') + "\r\n\r\n") == 431);
    BOOST_TEST(http::raw_status(port, "DELETE /pages/1.html HTTP/1.1\r\n" + host + "\r\n") == 405);
    // The absolute form (what a client sends to a proxy) names nothing on the server's list.
    BOOST_TEST(http::raw_status(
                   port, "GET http://127.0.0.1/pages/1.html HTTP/1.1\r\n" + host + "\r\n") == 404);
    BOOST_TEST(http::raw_status(port, "OPTIONS * HTTP/1.1\r\n" + host + "\r\n") == 405);
    BOOST_TEST(http::drains_after_refusal(port));  // the lingering close: no reset

    const http::Corpus corpus({.pages = 8, .page_bytes = 700});  // the same corpus, built here
    http::Client client;
    for (int i = 0; i < 8; ++i) {
        const auto page = client.get("http://127.0.0.1:" + std::to_string(port) + "/pages/" +
                                     std::to_string(i) + ".html");
        BOOST_TEST(page.ok(), page.error << " status " << page.status);
        BOOST_TEST(page.body == corpus.page(i));
    }

    // The graceful stop: `client` still holds an idle keep-alive connection, which the server
    // closes at once, rather than waiting out its 30 s idle limit.
    const cookbook::Stopwatch stopping;
    server.child().signal(SIGTERM);
    const auto result = server.finish(30s);
    BOOST_TEST(result.status.ok(), result.status.describe());
    BOOST_TEST(stopping.seconds() < 10.0);
    BOOST_TEST(testing::count_lines_with(result.out, "stopped") == 1, result.out);
}

// A port that is taken is bad input: one error line and exit 2, not an exception trace.
BOOST_AUTO_TEST_CASE(a_port_in_use_is_a_usage_error) {
    asio::io_context io;
    const asio::ip::tcp::acceptor taken(io, {asio::ip::make_address("127.0.0.1"), 0});  // listening
    const auto run = testing::run_recipe("http_server",
                                         {"--port", std::to_string(taken.local_endpoint().port())});
    BOOST_TEST(testing::is_usage_error(run), run.describe());
    BOOST_TEST(run.err.find("error: cannot serve on 127.0.0.1:") == 0u, run.err);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "http_server", {{"--pages", "0"}, {"--port", "-1"}, {"--serve", "yes"}, {"--root", "/"}});
}

BOOST_AUTO_TEST_SUITE_END()
