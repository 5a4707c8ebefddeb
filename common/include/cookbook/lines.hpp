// Lines of text over an Asio stream -- a pipe end (asio::readable_pipe, writable_pipe), a
// socket -- where every wait is bounded: what the pipe recipes of chapter 4 send.
//
//   asio::io_context io;
//   asio::readable_pipe in(io, fd);
//   cookbook::LineReader reader(io, in);
//   while (const auto line = reader.receive(5s)) { ... }   // nullopt at end of file
//   cookbook::send_line(io, out, "42", 5s);                // false: nobody reads any more
//
// Each call runs the io_context (which must not be running elsewhere) until its operation is
// done or its time is up; then the operation is cancelled. A blocking read or write would
// wait for ever for a peer that is stuck; and a reader that buffered without a limit would
// let a peer that never sends '\n' fill its memory: a line has at most max_line bytes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>

namespace cookbook {

namespace detail {
// Runs `io` until `done` or until `timeout`; if it is not done then, cancels `stream`'s
// operations and runs `io` until the cancelled one has finished. True if done in time.
template <class Stream, class Done>
bool run_within(boost::asio::io_context& io, Stream& stream, std::chrono::milliseconds timeout,
                Done done) {
    io.restart();
    io.run_for(timeout);  // returns as soon as the operation is done, or when the time is up
    if (done()) {
        return true;
    }
    stream.cancel();  // stop waiting, and let the cancelled operation finish
    io.restart();
    io.run();
    return false;
}
}  // namespace detail

// Writes `line` and a '\n'. False if the reader has gone (EPIPE: ignore SIGPIPE, or it kills
// the writer instead) or if the line could not be written within `timeout` (a full pipe whose
// reader is stuck).
template <class WriteStream>
bool send_line(boost::asio::io_context& io, WriteStream& stream, const std::string& line,
               std::chrono::milliseconds timeout) {
    const std::string bytes = line + "\n";
    std::optional<boost::system::error_code> result;
    boost::asio::async_write(stream, boost::asio::buffer(bytes),
                             [&](boost::system::error_code error, std::size_t) { result = error; });
    return detail::run_within(io, stream, timeout, [&] { return result.has_value(); }) && !*result;
}

// Reads lines from one stream, keeping what arrives after a line for the next receive().
template <class ReadStream>
class LineReader {
  public:
    LineReader(boost::asio::io_context& io, ReadStream& stream, std::size_t max_line = 64 * 1024)
        : io_(io), stream_(stream), buffer_(max_line) {}

    // The next line (without its '\n'), or nullopt at end of file (every write end closed).
    // Throws if nothing comes within `timeout`, or if a line is longer than max_line.
    std::optional<std::string> receive(std::chrono::milliseconds timeout) {
        std::optional<boost::system::error_code> result;
        boost::asio::async_read_until(
            stream_, buffer_, '\n',
            [&](boost::system::error_code error, std::size_t) { result = error; });
        if (!detail::run_within(io_, stream_, timeout, [&] { return result.has_value(); })) {
            throw std::runtime_error("nothing from the other end within " +
                                     std::to_string(timeout.count()) + " ms");
        }
        if (*result == boost::asio::error::not_found) {  // the buffer is full, and no '\n'
            throw std::runtime_error("a line longer than " + std::to_string(buffer_.max_size()) +
                                     " bytes");
        }
        if (*result && *result != boost::asio::error::eof) {
            throw std::runtime_error("read: " + result->message());
        }
        std::string line;
        std::istream in(&buffer_);
        return std::getline(in, line) ? std::optional(line) : std::nullopt;  // EOF: none
    }

  private:
    boost::asio::io_context& io_;
    ReadStream& stream_;
    boost::asio::streambuf buffer_;
};

}  // namespace cookbook
