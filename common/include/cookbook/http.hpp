// A small web to read from: a generated corpus of HTML pages, an HTTP/1.1 server for it on
// loopback (Boost.Beast + C++20 coroutines), and two clients (blocking, and coroutine-based).
//
// The concurrent readers of chapter 4 and the I/O comparison of chapter 1 read this corpus,
// not the internet: no third-party site to break or to rate-limit, and a latency you choose
// (--latency-ms) so that waiting for the network, which concurrency hides, is visible.
//
//   http::Corpus corpus({.pages = 200, .latency = 20ms});
//   http::CorpusServer server(corpus);                // 127.0.0.1, a port the OS picks
//   http::Client client;                               // blocking, keep-alive
//   http::Page page = client.get(server.url(17));      // page.status == 200
//   corpus.checksum() == sum of http::body_hash(body) over all pages, in any order
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cookbook::http {

struct CorpusOptions {
    int pages = 100;                       // pages /pages/0.html .. /pages/<pages-1>.html
    std::size_t page_bytes = 4096;         // about this many bytes per page
    std::chrono::milliseconds latency{0};  // the server waits this long before each answer
    unsigned seed = 1;                     // the same seed gives the same corpus
};

// FNV-1a hash of a page body. A reader's checksum is the sum (mod 2^64) of the hashes of the
// bodies it read: the same whatever order the pages arrived in.
std::uint64_t body_hash(std::string_view body);

class Corpus {
  public:
    explicit Corpus(CorpusOptions options = {});

    const CorpusOptions& options() const { return options_; }
    int size() const { return static_cast<int>(pages_.size()); }
    const std::string& page(int index) const { return pages_.at(static_cast<std::size_t>(index)); }
    std::string title(int index) const;       // the text of the page's <title>
    std::vector<int> links(int index) const;  // the pages it links to
    static std::string path(int index);       // "/pages/17.html"
    std::string index_page() const;           // "/": a list of links to every page
    // What a server of this corpus answers for `target`: the index page for "/", page N for
    // path(N) exactly, nothing for anything else. This list of what exists is the defence
    // against path tricks ("/pages/../../etc/passwd", "%2e%2e/"): any other spelling is nothing.
    std::optional<std::string> lookup(std::string_view target) const;
    std::uint64_t checksum() const;  // sum of body_hash over all pages
    std::size_t total_bytes() const;

  private:
    CorpusOptions options_;
    std::vector<std::string> pages_;
};

// Serves a Corpus over HTTP/1.1 with keep-alive: GET (and HEAD) of "/" and "/pages/N.html".
// Anything else gets a 4xx and the server carries on: a target that is not an origin path
// ("http://..." or "*", 400), a target over 256 bytes (414), a malformed request (400),
// headers over 8 KiB (431), another method (405), any other path (404: what is served is a
// list, so "/pages/../x" is simply not on it). A request that is refused closes its
// connection after the answer, and the server reads what the client still sends before it
// closes (so that the client gets the answer, not a reset). At most 256 connections at once:
// the next ones get 503 and are closed. Each connection waits at most 30 s for a request.
// The server runs on its own threads from construction to destruction (or stop()).
class CorpusServer {
  public:
    explicit CorpusServer(const Corpus& corpus, unsigned short port = 0,
                          const std::string& address = "127.0.0.1", int threads = 1);
    ~CorpusServer();  // stop()
    CorpusServer(const CorpusServer&) = delete;
    CorpusServer& operator=(const CorpusServer&) = delete;

    unsigned short port() const;
    std::string base_url() const;           // "http://127.0.0.1:PORT"
    std::string url(int index) const;       // base_url() + Corpus::path(index)
    std::vector<std::string> urls() const;  // every page, in index order
    long requests_served() const;           // answered with 200
    long requests_rejected() const;         // answered with a 4xx
    // The most requests the server was answering at the same moment (from reading a request
    // to writing its answer): what a client's concurrency limit looks like from outside.
    int most_in_flight() const;

    // Stops accepting and serving, and joins the server's threads. Call it from any thread
    // but the server's own (a handler cannot join the thread it runs on).
    void stop();
    void wait();  // blocks until another thread has called stop()

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// What a fetch returned. ok(): status 200 and no error.
struct Page {
    std::string url;
    int status = 0;
    std::string body;
    std::string error;  // empty, or what went wrong: "connection refused", "timed out", ...
    bool ok() const { return error.empty() && status == 200; }
};

struct Url {
    std::string host;         // what to connect to: "example.org", "127.0.0.1", "::1"
    std::string port;         // "80" when the URL names none
    std::string target;       // path and query: "/pages/1.html", "/?q=1"; never empty
    std::string host_header;  // the Host header's value: "example.org", "[::1]:8080"
};
// An absolute http:// URL, parsed by Boost.URL (RFC 3986) -> Url. Anything else -> nullopt:
// another scheme, no host, user info, a port outside 1-65535, a percent-encoded host name,
// spaces or control characters (which could otherwise end up in the request's headers).
std::optional<Url> parse_url(std::string_view text);

// Sends `bytes` as they are -- a malformed request, say, that no well-behaved client would
// send -- to 127.0.0.1:port and returns the status code of the answer: 0 if the connection
// failed or no answer came within 5 s. For the tests and the http_server recipe that check a
// server's refusals.
int raw_status(unsigned short port, const std::string& bytes);

// A server of `corpus` on 127.0.0.1:`port`, checked from outside, as a client sees it: every
// page fetched and compared; three requests it must refuse (a path with "..", a target of 300
// bytes, headers over 8 KiB), each with the status it got (0: no answer); then "/" again.
struct ServerCheck {
    int pages = 0, correct = 0;                         // pages fetched, and served exactly
    std::vector<std::pair<std::string, int>> refusals;  // what was sent, and the status
    bool still_serving = false;                         // "/" answered after the refusals
    int refused() const;                                // refusals answered with a 4xx
    bool passed() const;
    void print() const;  // each refusal and its status, then one line of totals
};
ServerCheck check_server(unsigned short port, const Corpus& corpus);

// Whether a server on 127.0.0.1:`port` drains a refused request before it closes (a "lingering
// close"): it sends headers over 8 KiB, reads the answer and the end of the stream, then sends
// more, twice. A server that closed at once resets the connection at the first, and the
// second fails. True if the answer was a 431 and both sends went through. For the tests.
bool drains_after_refusal(unsigned short port);

// A blocking HTTP/1.1 client that keeps its connection open between requests to the same
// host and port. One Client per thread: it is not meant to be shared.
class Client {
  public:
    explicit Client(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    Page get(const std::string& url);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The same for coroutines on an io_context: `co_await client.get(url)` suspends instead of
// blocking, so one thread can have many requests in flight (one AsyncClient each). Its
// executor must run one handler at a time: an io_context run by one thread, or a strand
// (asio::make_strand) when several threads run it.
class AsyncClient {
  public:
    explicit AsyncClient(boost::asio::any_io_executor executor,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~AsyncClient();
    AsyncClient(AsyncClient&&) noexcept;
    AsyncClient& operator=(AsyncClient&&) noexcept;

    boost::asio::awaitable<Page> get(std::string url);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cookbook::http
