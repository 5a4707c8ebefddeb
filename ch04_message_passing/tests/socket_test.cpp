#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(sockets)  // not "socket": that is the POSIX function

BOOST_AUTO_TEST_CASE(every_reply_matches_its_request_and_big_frames_are_refused) {
    const auto run = testing::run_recipe("socket", {"--clients", "3", "--requests", "7"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "replies that matched") ==
               "replies that matched their request: 21 of 21; oversized frame refused: yes");
    BOOST_TEST(testing::count_lines_with(run.out, "] done") == 3);
    BOOST_TEST(run.out.find("server answered \"error: frame of 1073741824 bytes is over the limit "
                            "of 65536\"") != std::string::npos, run.out);
    const auto port = testing::number_after(run.out, "server listening on 127.0.0.1:");
    BOOST_TEST_REQUIRE(port.has_value());
    BOOST_TEST(*port > 0.0);  // the OS picked a port
}

// Many connections served at once by one thread.
BOOST_AUTO_TEST_CASE(many_clients_at_once) {
    const auto run = testing::run_recipe("socket", {"--clients", "60", "--requests", "25"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "replies that matched their request: ") == 1500.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("socket", {{"--clients", "0"}, {"--requests", "x"},
                                           {"--port", "70000"}, {"--host", "example.org"}});
}

BOOST_AUTO_TEST_SUITE_END()
