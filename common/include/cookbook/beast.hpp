// Pieces of an HTTP server on Boost.Beast that common's CorpusServer and chapter 4's
// http_server recipe share: building a response, telling a malformed request from a broken
// connection, and closing a connection without destroying the answer just sent.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace cookbook::http {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

// A complete HTTP/1.1 response that closes the connection after it (set keep_alive(true) to
// keep it): status, Content-Type, Content-Length and the body.
Response make_response(boost::beast::http::status status, std::string body,
                       const char* content_type = "text/plain; charset=utf-8");

// True for the errors of Beast's HTTP parser (bytes that are not a valid request, headers
// over the limit, a request cut off at the end of the stream); false for a socket's own errors.
bool is_parse_error(const boost::beast::error_code& error);

// Closing a socket that still holds unread bytes makes Linux send a reset, which may reach the
// client before it has read our answer. So: shut down our sending side (the client reads the
// answer, then the end of the stream), and read what the client still sends until it closes,
// at most 64 KiB for at most a second ("lingering close").
boost::asio::awaitable<void> linger_close(boost::beast::tcp_stream& stream);

}  // namespace cookbook::http
