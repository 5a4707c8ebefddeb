// The generated corpus, its checksum, and URL parsing (see cookbook/http.hpp).
#include <array>
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

// Page `index` of a corpus: the same options always give the same bytes.
Generated generate(const CorpusOptions& options, int index) {
    std::mt19937 random(options.seed * 1'000'003u + static_cast<unsigned>(index));
    std::uniform_int_distribution<std::size_t> word(0, words.size() - 1);
    std::uniform_int_distribution<int> page(0, options.pages - 1);

    Generated result;
    result.title = "Page " + std::to_string(index) + ": " + words[word(random)] + " " +
                   words[word(random)] + " " + words[word(random)];
    for (int i = 0; i < links_per_page && options.pages > 1; ++i) {
        int target = page(random);
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
        text += words[word(random)];
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
    constexpr std::string_view scheme = "http://";
    if (text.substr(0, scheme.size()) != scheme) {
        return std::nullopt;
    }
    text.remove_prefix(scheme.size());
    const auto slash = text.find('/');
    const std::string_view authority = text.substr(0, slash);
    Url url;
    url.target = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) {
        url.host = std::string(authority);
        url.port = "80";
    } else {
        url.host = std::string(authority.substr(0, colon));
        url.port = std::string(authority.substr(colon + 1));
    }
    const bool port_ok = !url.port.empty() && url.port.size() <= 5 &&
                         url.port.find_first_not_of("0123456789") == std::string::npos;
    if (url.host.empty() || !port_ok || url.target.find_first_of(" \r\n") != std::string::npos) {
        return std::nullopt;
    }
    return url;
}

}  // namespace cookbook::http
