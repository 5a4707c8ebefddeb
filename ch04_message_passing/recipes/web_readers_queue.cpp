// Page readers with a queue: worker threads take URLs from a shared queue until it is closed.
//
// Python: the companion repo's readers_queue: 5 threads loop on queue.get(), and one 'DONE'
//         sentinel per worker stops them (it used a multiprocessing.Queue between threads,
//         where queue.Queue is the right type).
// C++:    boost::sync_queue (Boost.Thread's synchronized queues, which Boost documents as
//         EXPERIMENTAL) holds the URLs; worker threads wait_pull() until it is closed and empty;
//         each worker has its own blocking http::Client (Boost.Beast underneath:
//         common/src/http_client.cpp, fetch(); async_web_requests.cpp shows the calls).
//
// Against web_readers' fixed batches: a queue balances the load by itself. A worker that
// gets a slow page simply takes fewer pages; with fixed batches the whole run waits for the
// unluckiest batch. close() replaces the sentinels: one call, however many workers there are.
// Notice: how many pages each worker read differs; the checksum is the same as web_readers'.
#include <boost/thread/concurrent_queues/sync_queue.hpp>
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
    int workers = 5;
    readers::Settings settings;
    cookbook::cli::Options options("ch04_web_readers_queue",
                                   "Reads pages with worker threads fed by a queue.");
    options.count("workers", workers, "worker threads", 1, 128);
    settings.add_to(options);
    options.parse(argc, argv);

    const readers::Source source(settings);
    readers::Tally tally(source.urls().size());
    boost::sync_queue<std::string> queue;
    std::vector<int> pages_read(static_cast<std::size_t>(workers), 0);  // one slot per worker
    console::line("reading ", source.urls().size(), " pages with ", workers, " workers");
    cookbook::Stopwatch watch;
    {
        std::vector<std::jthread> threads;
        // Closes the queue on every way out of this block, an exception included: declared
        // after the threads, it runs before they are joined, and lets waiting workers leave.
        const struct CloseOnExit {
            boost::sync_queue<std::string>& queue;
            ~CloseOnExit() { queue.close(); }
        } close_on_exit{queue};
        for (int w = 0; w < workers; ++w) {
            threads.emplace_back([&queue, &tally, &pages_read, &settings, w] {
                try {  // an exception must not leave a thread: std::terminate would follow
                    http::Client client(settings.timeout());
                    std::string url;
                    // wait_pull() waits for a URL; it returns `closed` once the queue is closed
                    // and empty.
                    while (queue.wait_pull(url) == boost::concurrent::queue_op_status::success) {
                        tally.add(client.get(url));
                        pages_read[w] += 1;
                    }
                } catch (const std::exception& e) {  // e.g. no descriptor left for a socket
                    console::error("worker ", w, ": ", e.what());
                }
            });
        }
        for (const auto& url : source.urls()) {  // the producer: the main thread
            queue.push(url);
        }
    }  // the queue is closed (no more URLs: workers leave once it is empty), then they join
    const double seconds = watch.seconds();
    for (int w = 0; w < workers; ++w) {
        console::tagged(console::thread_tag(w), "read ", pages_read[w], " pages");
    }
    return tally.report(seconds, source.expected_checksum());
}
