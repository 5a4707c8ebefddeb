#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(sockets)  // not "socket": that is the POSIX function

BOOST_AUTO_TEST_CASE(every_reply_matches_its_request_and_big_frames_are_refused) {
    const auto run = testing::run_recipe("socket", {"--clients", "3", "--requests", "7"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "replies that matched") ==
               "replies that matched their request: 21 of 21; oversized frame refused: yes; "
               "silent client let go: yes");
    BOOST_TEST(testing::count_lines_with(run.out, "] done") == 3);
    BOOST_TEST(run.out.find("server answered \"error: frame of 1073741824 bytes is over the limit "
                            "of 65536\"") != std::string::npos,
               run.out);
    const auto port = testing::number_after(run.out, "server listening on 127.0.0.1:");
    BOOST_TEST_REQUIRE(port.has_value());
    BOOST_TEST(*port > 0.0);  // the OS picked a port
}

// A client that connects and says nothing is let go after --timeout-ms: the run does not
// wait for it (without the bound it would end only at the recipe's 20 s safety limit).
BOOST_AUTO_TEST_CASE(a_silent_client_is_let_go_at_the_read_limit) {
    cookbook::Stopwatch watch;
    const auto run = testing::run_recipe("socket", {"--clients", "1", "--timeout-ms", "200"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(
        testing::line_with(run.out, "replies that matched").find("silent client let go: yes") !=
        std::string::npos);
    BOOST_TEST(watch.seconds() < 10.0);
}

// Many connections served at once by one thread.
BOOST_AUTO_TEST_CASE(many_clients_at_once) {
    const auto run = testing::run_recipe("socket", {"--clients", "60", "--requests", "25"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "replies that matched their request: ") == 1500.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "socket",
        {{"--clients", "0"}, {"--requests", "x"}, {"--port", "70000"}, {"--host", "example.org"}});
}

// A port that is taken is bad input: one error line and exit 2, not an exception trace.
BOOST_AUTO_TEST_CASE(a_port_in_use_is_a_usage_error) {
    namespace asio = boost::asio;
    asio::io_context io;
    const asio::ip::tcp::acceptor taken(io, {asio::ip::make_address("127.0.0.1"), 0});  // listening
    const auto run =
        testing::run_recipe("socket", {"--port", std::to_string(taken.local_endpoint().port())});
    BOOST_TEST(testing::is_usage_error(run), run.describe());
    BOOST_TEST(run.err.find("error: cannot listen on 127.0.0.1:") == 0u, run.err);
}

BOOST_AUTO_TEST_SUITE_END()
