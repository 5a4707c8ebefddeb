// The generated corpus, its checksum, and URL parsing (see cookbook/http.hpp).
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <random>
#include <sstream>

#include "cookbook/http.hpp"

namespace cookbook::http {
namespace {

constexpr std::array<const char*, 32> words = {
    "thread", "process", "lock",    "queue",   "barrier", "event",  "future", "pool",
    "pipe",   "socket",  "message", "worker",  "signal",  "memory", "shared", "atomic",
    "race",   "wait",    "notify",  "join",    "spawn",   "fork",   "task",   "loop",
    "yield",  "await",   "rank",    "scatter", "gather",  "reduce", "core",   "cache"};

constexpr int links_per_page = 5;

struct Generated {
    std::string title;
    std::vector<int> links;
    std::string html;
};

// Page `index` of a corpus: the same options always give the same bytes, with any compiler
// and standard library. So the draws are made one statement at a time (the operands of `+`
// may be evaluated in any order: g++ and clang differ), and from mt19937's own output, which
// the standard fixes, not through uniform_int_distribution, whose results it does not.
Generated generate(const CorpusOptions& options, int index) {
    std::mt19937 random(options.seed * 1'000'003u + static_cast<unsigned>(index));
    auto word = [&random] { return words[random() % words.size()]; };

    Generated result;
    result.title = "Page " + std::to_string(index) + ":";
    for (int i = 0; i < 3; ++i) {
        result.title += std::string(" ") + word();
    }
    for (int i = 0; i < links_per_page && options.pages > 1; ++i) {
        int target = static_cast<int>(random() % static_cast<unsigned>(options.pages));
        if (target == index) {
            target = (target + 1) % options.pages;
        }
        result.links.push_back(target);
    }

    std::string links_html;
    for (int target : result.links) {
        links_html += "<li><a href=\"" + Corpus::path(target) + "\">Page " +
                      std::to_string(target) + "</a></li>\n";
    }
    const std::string head = "<!DOCTYPE html>\n<html><head><title>" + result.title +
                             "</title></head>\n<body><h1>" + result.title + "</h1>\n<p>";
    const std::string tail = "</p>\n<ul>\n" + links_html + "</ul>\n</body></html>\n";
    std::string text;
    while (head.size() + text.size() + tail.size() < options.page_bytes) {
        text += word();
        text += ' ';
    }
    result.html = head + text + tail;
    return result;
}

}  // namespace

std::uint64_t body_hash(std::string_view body) {
    std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits
    for (unsigned char c : body) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

Corpus::Corpus(CorpusOptions options) : options_(options) {
    if (options_.pages < 1) {
        options_.pages = 1;
    }
    for (int i = 0; i < options_.pages; ++i) {
        pages_.push_back(generate(options_, i).html);
    }
}

std::string Corpus::title(int index) const {
    return generate(options_, index).title;
}

std::vector<int> Corpus::links(int index) const {
    return generate(options_, index).links;
}

std::string Corpus::path(int index) {
    return "/pages/" + std::to_string(index) + ".html";
}

std::optional<std::string> Corpus::lookup(std::string_view target) const {
    if (target == "/") {
        return index_page();
    }
    constexpr std::string_view prefix = "/pages/";
    int index = -1;
    if (target.starts_with(prefix)) {
        std::from_chars(target.data() + prefix.size(), target.data() + target.size(), index);
    }
    if (index >= 0 && index < size() && target == path(index)) {  // "/pages/007.html" is not
        return page(index);
    }
    return std::nullopt;
}

std::string Corpus::index_page() const {
    std::string html = "<!DOCTYPE html>\n<html><head><title>Corpus</title></head>\n<body><ul>\n";
    for (int i = 0; i < size(); ++i) {
        html += "<li><a href=\"" + path(i) + "\">Page " + std::to_string(i) + "</a></li>\n";
    }
    return html + "</ul>\n</body></html>\n";
}

std::uint64_t Corpus::checksum() const {
    std::uint64_t sum = 0;
    for (const auto& page : pages_) {
        sum += body_hash(page);
    }
    return sum;
}

std::size_t Corpus::total_bytes() const {
    std::size_t total = 0;
    for (const auto& page : pages_) {
        total += page.size();
    }
    return total;
}

std::optional<Url> parse_url(std::string_view text) {
    // RFC 3986's grammar: no spaces, CR or LF anywhere; a bracketed IPv6 literal as host.
    const auto parsed = boost::urls::parse_uri(text);
    if (!parsed || parsed->scheme_id() != boost::urls::scheme::http || parsed->has_userinfo()) {
        return std::nullopt;
    }
    Url url;
    switch (parsed->host_type()) {
        case boost::urls::host_type::ipv4:
        case boost::urls::host_type::ipv6:  // "::1", without the brackets, to connect to
            url.host = std::string(parsed->encoded_host_address());
            break;
        case boost::urls::host_type::name:  // percent-encoded names are refused: they could
            url.host = std::string(parsed->encoded_host());  // decode to anything, CR LF too
            if (url.host.find('%') != std::string::npos) {
                return std::nullopt;
            }
            break;
        default:  // no host, or an IPvFuture literal
            return std::nullopt;
    }
    if (url.host.empty()) {
        return std::nullopt;
    }
    url.port = parsed->has_port() ? std::string(parsed->port()) : "80";
    // Boost.URL's grammar allows any digits ("", "99999"; its port_number() wraps them).
    if (url.port.empty() || url.port.size() > 5 || std::stoi(url.port) < 1 ||
        std::stoi(url.port) > 65535) {
        return std::nullopt;
    }
    url.target = std::string(parsed->encoded_target());  // path and query, fragment dropped
    if (url.target.empty() || url.target.front() != '/') {
        url.target = "/" + url.target;  // "http://x?q" asks for "/?q"
    }
    // The Host header names the host as the URL wrote it: "[::1]:8080", "example.org".
    url.host_header = std::string(parsed->encoded_host());
    if (parsed->has_port()) {
        url.host_header += ":" + url.port;
    }
    return url;
}

}  // namespace cookbook::http
