// Frames: whole messages over a byte stream, for socket.cpp and unix_socket.cpp.
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
#include <boost/asio/awaitable.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace frames {

namespace asio = boost::asio;

constexpr std::uint32_t max_frame = 64 * 1024;  // the largest payload a server accepts

// Writes the 4-byte length and the payload with one gathered write.
template <class Stream>
asio::awaitable<void> write(Stream& stream, std::string_view payload) {
    const std::uint32_t length = htonl(static_cast<std::uint32_t>(payload.size()));
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(&length, sizeof length),
                                                    asio::buffer(payload)};
    co_await asio::async_write(stream, buffers, asio::use_awaitable);
}

// Writes only a header that announces `length` bytes: what a hostile or broken client sends.
template <class Stream>
asio::awaitable<void> write_header_only(Stream& stream, std::uint32_t length) {
    const std::uint32_t header = htonl(length);
    co_await asio::async_write(stream, asio::buffer(&header, sizeof header), asio::use_awaitable);
}

// The length of the next frame. Throws boost::system::system_error (asio::error::eof when the
// peer has closed the connection between frames).
template <class Stream>
asio::awaitable<std::uint32_t> read_length(Stream& stream) {
    std::uint32_t length = 0;
    co_await asio::async_read(stream, asio::buffer(&length, sizeof length), asio::use_awaitable);
    co_return ntohl(length);
}

template <class Stream>
asio::awaitable<std::string> read_payload(Stream& stream, std::uint32_t length) {
    std::string payload(length, '\0');
    co_await asio::async_read(stream, asio::buffer(payload), asio::use_awaitable);
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
