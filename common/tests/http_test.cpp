#include "cookbook/http.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>
#include <istream>

#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace http = cookbook::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

std::string request_for(const std::string& target, const std::string& method = "GET") {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_corpus)

BOOST_AUTO_TEST_CASE(the_same_options_give_the_same_corpus) {
    const http::Corpus a({.pages = 20, .page_bytes = 1000, .latency = 0ms, .seed = 3});
    const http::Corpus b({.pages = 20, .page_bytes = 1000, .latency = 0ms, .seed = 3});
    const http::Corpus c({.pages = 20, .page_bytes = 1000, .latency = 0ms, .seed = 4});
    BOOST_TEST(a.checksum() == b.checksum());
    BOOST_TEST(a.checksum() != c.checksum());
    BOOST_TEST(a.size() == 20);
    for (int i = 0; i < a.size(); ++i) {
        BOOST_TEST(a.page(i) == b.page(i));
        BOOST_TEST(a.page(i).size() >= 1000u);
        BOOST_TEST(a.page(i).size() < 1100u);
        BOOST_TEST(a.page(i).find("<title>" + a.title(i) + "</title>") != std::string::npos);
        BOOST_TEST(a.links(i).size() == 5u);
        for (int link : a.links(i)) {
            BOOST_TEST(link != i);
            BOOST_TEST(a.page(i).find("href=\"" + http::Corpus::path(link) + "\"") !=
                       std::string::npos);
        }
    }
    std::uint64_t sum = 0;
    for (int i = a.size() - 1; i >= 0; --i) {
        sum += http::body_hash(a.page(i));  // any order gives the same sum
    }
    BOOST_TEST(sum == a.checksum());
    BOOST_TEST(http::body_hash("") == 14695981039346656037ULL);
}

BOOST_AUTO_TEST_CASE(urls_are_parsed) {
    const auto full = http::parse_url("http://example.org:8080/a/b.html");
    BOOST_TEST_REQUIRE(full.has_value());
    BOOST_TEST(full->host == "example.org");
    BOOST_TEST(full->port == "8080");
    BOOST_TEST(full->target == "/a/b.html");
    const auto bare = http::parse_url("http://example.org");
    BOOST_TEST_REQUIRE(bare.has_value());
    BOOST_TEST(bare->port == "80");
    BOOST_TEST(bare->target == "/");
    BOOST_TEST(bare->host_header == "example.org");
    BOOST_TEST(full->host_header == "example.org:8080");
    const auto ipv6 = http::parse_url("http://[::1]:8080/a?b=1#fragment");
    BOOST_TEST_REQUIRE(ipv6.has_value());
    BOOST_TEST(ipv6->host == "::1");  // to connect to; the Host header keeps the brackets
    BOOST_TEST(ipv6->host_header == "[::1]:8080");
    BOOST_TEST(ipv6->port == "8080");
    BOOST_TEST(ipv6->target == "/a?b=1");
    const auto query = http::parse_url("http://127.0.0.1:9?x");
    BOOST_TEST_REQUIRE(query.has_value());
    BOOST_TEST(query->host == "127.0.0.1");  // not "127.0.0.1:9?x"
    BOOST_TEST(query->target == "/?x");
    for (const char* bad :
         {"https://example.org/", "ftp://x/", "http://", "http://:80/", "http://x:abc/",
          "http://x/a b", "example.org", "/relative/path", "http://x:0/", "http://x:99999/",
          "http://x:/", "http://user@x/", "http://[::1/", "http://a%0d%0aInjected:%20yes/",
          "http://x/\r\nInjected: yes", "http://x\r\n/"}) {
        BOOST_TEST(!http::parse_url(bad).has_value(), bad);
    }
}

BOOST_AUTO_TEST_CASE(the_blocking_client_reads_every_page) {
    const http::Corpus corpus({.pages = 30, .page_bytes = 2000});
    http::CorpusServer server(corpus);
    http::Client client;
    std::uint64_t sum = 0;
    for (const auto& url : server.urls()) {
        const http::Page page = client.get(url);
        BOOST_TEST_REQUIRE(page.ok(), url << ": " << page.status << " " << page.error);
        sum += http::body_hash(page.body);
    }
    BOOST_TEST(sum == corpus.checksum());
    BOOST_TEST(server.requests_served() == 30);
    BOOST_TEST(server.most_in_flight() == 1);  // one blocking client: one request at a time
    const http::Page index = client.get(server.base_url() + "/");
    BOOST_TEST(index.ok());
    BOOST_TEST(index.body.find(http::Corpus::path(29)) != std::string::npos);
    BOOST_TEST(client.get(server.base_url() + "/pages/30.html").status == 404);
}

BOOST_AUTO_TEST_CASE(bad_requests_get_4xx_and_the_server_goes_on) {
    const http::Corpus corpus({.pages = 3, .page_bytes = 500});
    http::CorpusServer server(corpus);
    const auto port = server.port();
    // Not on the list of what is served, however it is spelled: 404.
    BOOST_TEST(http::raw_status(port, request_for("/pages/../../etc/passwd")) == 404);
    BOOST_TEST(http::raw_status(port, request_for("/..")) == 404);
    BOOST_TEST(http::raw_status(port, request_for("/pages/%2e%2e/1.html")) == 404);
    BOOST_TEST(http::raw_status(port, request_for("http://127.0.0.1/pages/1.html")) == 400);
    BOOST_TEST(http::raw_status(port, request_for("/pages/" + std::string(300, 'x') + ".html")) ==
               414);
    BOOST_TEST(http::raw_status(port, request_for("/pages/1.html", "DELETE")) == 405);
    BOOST_TEST(http::raw_status(port, request_for("/etc/passwd")) == 404);
    BOOST_TEST(http::raw_status(port, "NONSENSE\r\n\r\n") == 400);
    BOOST_TEST(http::raw_status(port, "GET / HTTP/1.1\r\nX-Big: " + std::string(10000, 'a') +
                                          "\r\n\r\n") == 431);
    BOOST_TEST(http::raw_status(port, request_for("/pages/1.html", "HEAD")) == 200);
    BOOST_TEST(server.requests_rejected() == 9);
    http::Client client;
    BOOST_TEST(client.get(server.url(2)).body == corpus.page(2));  // still serving
}

// A refused request whose client goes on sending: the server reads what is left before it
// closes, so the client gets the 431, not a reset (see http::drains_after_refusal).
BOOST_AUTO_TEST_CASE(a_refused_request_is_drained_not_reset) {
    const http::Corpus corpus({.pages = 1, .page_bytes = 100});
    http::CorpusServer server(corpus);
    BOOST_TEST(http::drains_after_refusal(server.port()));
}

// At most 256 connections at once: the next one is answered 503 at once, not left waiting.
BOOST_AUTO_TEST_CASE(connections_beyond_the_cap_get_503) {
    const http::Corpus corpus({.pages = 1, .page_bytes = 100});
    http::CorpusServer server(corpus);
    asio::io_context io;
    std::vector<tcp::socket> idle;
    for (int i = 0; i < 256; ++i) {  // each holds a connection, and says nothing
        idle.emplace_back(io).connect({asio::ip::make_address("127.0.0.1"), server.port()});
    }
    // The server counts a connection once it has accepted it: a request on the last one,
    // answered, says that all of them have been.
    const std::string last = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";  // keep-alive
    asio::write(idle.back(), asio::buffer(last));
    asio::streambuf reply;
    asio::read_until(idle.back(), reply, "\r\n");
    BOOST_TEST(http::raw_status(server.port(), request_for("/")) == 503);
    idle.clear();
}

// One thread, eight requests in flight: with 200 ms of server latency they take about
// 200 ms together, not 1.6 s.
BOOST_AUTO_TEST_CASE(async_clients_overlap_their_waits) {
    const http::Corpus corpus({.pages = 8, .page_bytes = 1000, .latency = 200ms});
    http::CorpusServer server(corpus, 0, "127.0.0.1", 1);
    asio::io_context io;
    std::vector<http::Page> pages(8);
    cookbook::Stopwatch watch;
    for (int i = 0; i < 8; ++i) {
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                http::AsyncClient client(co_await asio::this_coro::executor);
                pages[i] = co_await client.get(server.url(i));
            },
            asio::detached);
    }
    io.run();
    const double seconds = watch.seconds();
    for (int i = 0; i < 8; ++i) {
        BOOST_TEST(pages[i].body == corpus.page(i));
    }
    BOOST_TEST(seconds >= 0.2);
    BOOST_TEST(seconds < 1.2);
    BOOST_TEST(server.most_in_flight() > 1);  // several waited at the server at the same time
    BOOST_TEST(server.most_in_flight() <= 8);
}

BOOST_AUTO_TEST_CASE(failures_are_reported_not_thrown) {
    unsigned short closed_port = 0;
    {
        asio::io_context io;
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        closed_port = acceptor.local_endpoint().port();
    }  // nobody listens there now
    http::Client client(2s);
    const http::Page refused = client.get("http://127.0.0.1:" + std::to_string(closed_port) + "/");
    BOOST_TEST(!refused.ok());
    BOOST_TEST(!refused.error.empty());
    BOOST_TEST(client.get("https://example.org/").error == "not an http:// URL");

    const http::Corpus slow({.pages = 1, .page_bytes = 100, .latency = 2000ms});
    http::CorpusServer server(slow);
    http::Client impatient(100ms);
    cookbook::Stopwatch watch;
    const http::Page late = impatient.get(server.url(0));
    BOOST_TEST(late.error == "timed out");
    BOOST_TEST(watch.seconds() < 1.5);
}

BOOST_AUTO_TEST_SUITE_END()
