// Concurrent page readers with threads: each thread reads its own batch of pages.
//
// Python: the companion repo's readers start one threading.Thread per item, each calling
//         requests.get() -- up to ~500 threads at once against a live site.
// C++:    std::jthread, each with its own blocking http::Client; std::jthread joins when it goes
//         out of scope. The Client is Boost.Beast underneath: its code is in common/
//         (src/http_client.cpp, fetch()); async_web_requests.cpp writes the same Beast calls out.
//
// A blocking request holds its thread while it waits for the server; threads hide that wait
// by waiting side by side. Here the number of threads is bounded (--threads, at most 128: each
// holds a Client, and a Client holds several file descriptors) and each takes
// every T-th URL, so 8 threads read 100 pages in about 100/8 server latencies. Each thread has
// its own Client (a Client keeps its connection open between requests and is not meant to be
// shared); what they share is only the Tally, which locks.
// By default the pages come from an embedded server on loopback (cookbook/readers.hpp, which
// the three readers share); --url-file reads any list of http:// URLs. A failed URL (refused, 404,
// over --timeout-ms) is reported and counted; the others go on. Notice: the checksum equals
// web_readers_queue's and async_web_requests' for the same corpus.
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"
#include "cookbook/readers.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;
namespace http = cookbook::http;
namespace readers = cookbook::readers;

int main(int argc, char* argv[]) {
    int threads = 8;
    readers::Settings settings;
    cookbook::cli::Options options("ch04_web_readers", "Reads pages with threads, a batch each.");
    options.count("threads", threads, "reader threads", 1, 128);
    settings.add_to(options);
    options.parse(argc, argv);

    const readers::Source source(settings);
    const std::vector<std::string>& urls = source.urls();
    readers::Tally tally(urls.size());
    console::line("reading ", urls.size(), " pages with ", threads, " threads");
    cookbook::Stopwatch watch;
    {
        std::vector<std::jthread> readers;
        for (int t = 0; t < threads; ++t) {
            readers.emplace_back([&urls, &tally, &settings, t, threads] {
                try {  // an exception must not leave a thread: std::terminate would follow
                    http::Client client(settings.timeout());  // this thread's own connection
                    for (std::size_t i = t; i < urls.size(); i += threads) {
                        tally.add(client.get(urls[i]));
                    }
                } catch (const std::exception& e) {  // its batch is not read: the tally says so
                    console::error("reader ", t, ": ", e.what());
                }
            });
        }
    }  // every jthread joins here
    return tally.report(watch.seconds(), source.expected_checksum());
}
