#include "cookbook/lines.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/test/unit_test.hpp>

#include "cookbook/frames.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(lines)

BOOST_AUTO_TEST_CASE(lines_arrive_whole_then_end_of_file) {
    asio::io_context io;
    asio::readable_pipe in(io);
    asio::writable_pipe out(io);
    asio::connect_pipe(in, out);
    BOOST_TEST(cookbook::send_line(io, out, "first", 1s));
    BOOST_TEST(cookbook::send_line(io, out, "second", 1s));
    out.close();
    cookbook::LineReader reader(io, in);
    BOOST_TEST(reader.receive(1s) == std::optional<std::string>("first"));
    BOOST_TEST(reader.receive(1s) == std::optional<std::string>("second"));
    BOOST_TEST(!reader.receive(1s).has_value());  // end of file
}

// A peer that never sends: the read gives up at its bound. One that never reads: the write
// gives up once the pipe is full.
BOOST_AUTO_TEST_CASE(a_silent_or_stuck_peer_costs_the_timeout_not_a_hang) {
    asio::io_context io;
    asio::readable_pipe in(io);
    asio::writable_pipe out(io);
    asio::connect_pipe(in, out);
    cookbook::LineReader reader(io, in);
    cookbook::Stopwatch watch;
    BOOST_CHECK_THROW(reader.receive(100ms), std::runtime_error);
    BOOST_TEST(watch.seconds() >= 0.1);
    BOOST_TEST(watch.seconds() < 5.0);
    const std::string big(100'000, 'x');  // more than a pipe holds, and nobody reads it
    watch.restart();
    BOOST_TEST(!cookbook::send_line(io, out, big, 100ms));
    BOOST_TEST(watch.seconds() < 5.0);
}

// A peer that sends bytes without a '\n' cannot make the reader buffer without a limit.
BOOST_AUTO_TEST_CASE(a_line_longer_than_the_limit_is_an_error) {
    asio::io_context io;
    asio::readable_pipe in(io);
    asio::writable_pipe out(io);
    asio::connect_pipe(in, out);
    cookbook::LineReader reader(io, in, 1000);
    BOOST_TEST(cookbook::send_line(io, out, std::string(2000, 'y'), 1s));
    BOOST_CHECK_THROW(reader.receive(1s), std::runtime_error);
}

// Frames on a stream socket: a peer that never reads costs a writer the limit, not a hang.
BOOST_AUTO_TEST_CASE(a_frame_to_a_peer_that_never_reads_times_out) {
    asio::io_context io;
    asio::local::stream_protocol::socket writer(io), reader(io);
    asio::local::connect_pair(writer, reader);
    const auto saved = frames::read_limit;
    frames::read_limit = 200ms;
    const std::string big(16 * 1024 * 1024, 'x');  // far more than a socket's buffer holds
    boost::system::error_code error;
    cookbook::Stopwatch watch;
    asio::co_spawn(io, frames::write(writer, big), [&](std::exception_ptr failure) {
        try {
            if (failure) {
                std::rethrow_exception(failure);
            }
        } catch (const boost::system::system_error& e) {
            error = e.code();
        }
    });
    io.run_for(10s);
    frames::read_limit = saved;
    BOOST_TEST(error == asio::error::timed_out, error.message());
    BOOST_TEST(watch.seconds() >= 0.2);
    BOOST_TEST(watch.seconds() < 5.0);
}

BOOST_AUTO_TEST_SUITE_END()
