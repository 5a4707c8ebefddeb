// PipeEnd: one end of a pipe (or any stream descriptor) that sends and receives lines, where
// every receive waits at most a given time. Used by pipe.cpp; the lesson is there.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>

// One end of a pipe, holding the descriptor (it closes it when destroyed).
class PipeEnd {
  public:
    PipeEnd(boost::asio::io_context& io, int fd) : io_(io), end_(io, fd) {}

    // False if the reader has gone (EPIPE: with SIGPIPE ignored, the write reports it).
    bool send(const std::string& message) {
        boost::system::error_code error;
        boost::asio::write(end_, boost::asio::buffer(message + "\n"), error);
        return !error;
    }

    // The next message, or nullopt at end of file (every write end closed). Throws if nothing
    // comes within `timeout`: the read runs asynchronously, and run_for() bounds the wait.
    std::optional<std::string> receive(std::chrono::milliseconds timeout) {
        std::optional<boost::system::error_code> result;
        boost::asio::async_read_until(end_, buffer_, '\n',
                                      [&](auto error, std::size_t) { result = error; });
        io_.restart();
        io_.run_for(timeout);  // returns as soon as the read is done, or when the time is up
        if (!result) {
            end_.cancel();  // stop waiting, and let the cancelled read finish
            io_.restart();
            io_.run();
            throw std::runtime_error("nothing from the other end within " +
                                     std::to_string(timeout.count()) + " ms");
        }
        if (*result && *result != boost::asio::error::eof) {
            throw std::runtime_error("pipe read: " + result->message());
        }
        std::string message;
        std::istream in(&buffer_);
        return std::getline(in, message) ? std::optional(message) : std::nullopt;  // EOF: none
    }
    void close() { end_.close(); }

  private:
    boost::asio::io_context& io_;
    boost::asio::posix::stream_descriptor end_;
    boost::asio::streambuf buffer_;
};
