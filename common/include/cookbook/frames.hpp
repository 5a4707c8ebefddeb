// Frames: whole messages over a byte stream, for chapter 4's socket and unix_socket recipes.
//
// A stream socket (TCP, or AF_UNIX SOCK_STREAM) delivers bytes, not messages: one write of 100
// bytes may arrive as two reads of 60 and 40, and two writes may arrive as one read. So each
// message goes as a *frame*: a 4-byte length in network byte order, then that many bytes.
//
// The reader learns the length before the bytes, so it can -- and must -- refuse a length that
// is too large *before* allocating anything: otherwise any client can make the server allocate
// 4 GiB with a 4-byte header. read_length() and read_payload() are separate for that reason.
#pragma once

#include <arpa/inet.h>  // htonl, ntohl

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>

namespace frames {

namespace asio = boost::asio;

constexpr std::uint32_t max_frame = 64 * 1024;  // the largest payload a server accepts

inline std::chrono::milliseconds read_limit{1000};  // the longest a read or write waits

// Runs one transfer -- an async_read or async_write that reports (error, bytes) as a value
// (as_tuple) -- against a timer, so that a peer that goes quiet, or stops reading until the
// socket's buffer is full, cannot hold this side for ever. `||` waits for the first operand to
// *succeed*, hence the error as a value. Throws boost::system::system_error: asio::error::eof
// when the peer has closed the connection, asio::error::timed_out at the deadline.
template <class Stream>
asio::awaitable<void> within(
    Stream& stream, asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> transfer,
    std::chrono::milliseconds timeout) {
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer deadline(stream.get_executor(), timeout);
    const auto first = co_await (std::move(transfer) || deadline.async_wait(asio::use_awaitable));
    if (first.index() == 1) {
        throw boost::system::system_error(asio::error::timed_out);
    }
    if (const auto [error, bytes] = std::get<0>(first); error) {
        throw boost::system::system_error(error);
    }
}

// Writes the 4-byte length and the payload with one gathered write, within read_limit.
template <class Stream>
asio::awaitable<void> write(Stream& stream, std::string_view payload) {
    const std::uint32_t length = htonl(static_cast<std::uint32_t>(payload.size()));
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(&length, sizeof length),
                                                    asio::buffer(payload)};
    co_await within(stream, asio::async_write(stream, buffers, asio::as_tuple(asio::use_awaitable)),
                    read_limit);
}

// Writes only a header that announces `length` bytes: what a hostile or broken client sends.
template <class Stream>
asio::awaitable<void> write_header_only(Stream& stream, std::uint32_t length) {
    const std::uint32_t header = htonl(length);
    co_await within(stream,
                    asio::async_write(stream, asio::buffer(&header, sizeof header),
                                      asio::as_tuple(asio::use_awaitable)),
                    read_limit);
}

// Reads exactly buffer's size, within `timeout` (a client that opens a connection and says
// nothing is let go).
template <class Stream>
asio::awaitable<void> read_exactly(Stream& stream, asio::mutable_buffer buffer,
                                   std::chrono::milliseconds timeout) {
    co_await within(stream, asio::async_read(stream, buffer, asio::as_tuple(asio::use_awaitable)),
                    timeout);
}

// The length of the next frame (eof when the peer has closed between frames).
template <class Stream>
asio::awaitable<std::uint32_t> read_length(Stream& stream) {
    std::uint32_t length = 0;
    co_await read_exactly(stream, asio::buffer(&length, sizeof length), read_limit);
    co_return ntohl(length);
}

template <class Stream>
asio::awaitable<std::string> read_payload(Stream& stream, std::uint32_t length) {
    std::string payload(length, '\0');
    co_await read_exactly(stream, asio::buffer(payload), read_limit);
    co_return payload;
}

// A whole frame, for a side that trusts its peer no more than a server does.
template <class Stream>
asio::awaitable<std::string> read(Stream& stream) {
    const std::uint32_t length = co_await read_length(stream);
    if (length > max_frame) {
        throw std::runtime_error("frame of " + std::to_string(length) + " bytes refused");
    }
    co_return co_await read_payload(stream, length);
}

}  // namespace frames
