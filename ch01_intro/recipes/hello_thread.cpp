// Hello from threads: the smallest program with more than one path of execution.
//
// Python: threading.Thread(target=hello, args=(i,)), start(), join().
// Boost:  boost::thread t(hello, i); t.join();        std: std::thread, std::jthread.
//
// A thread runs a function alongside main, inside the same process: it has its own stack
// and its own id, and it shares everything else -- the memory, the open files, the pid.
// Here each thread writes its answer straight into a vector that main owns (one slot per
// thread, so no two threads write the same slot and no lock is needed); after join(), main
// reads them. Processes cannot do that (hello_process), which is what makes threads cheap
// to talk to -- and easy to get wrong when two of them write the same thing (chapter 2).
// Notice: the hello lines come in a different order from run to run; the pid is the same in
// every line; the thread ids differ.
#include <boost/thread/thread.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

namespace {

struct Answer {
    std::string thread_id;  // who answered
    long square = 0;        // what it computed
};

// What each thread runs: say hello, compute something, leave the result in its own slot.
void hello(int index, std::vector<Answer>& answers) {
    std::ostringstream id;
    id << boost::this_thread::get_id();
    console::tagged(console::thread_tag(index), "hello from thread ", id.str(), " in ",
                    console::pid_tag());
    answers[static_cast<std::size_t>(index)] = {id.str(), static_cast<long>(index) * index};
}

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 4;
    cookbook::cli::Options options("ch01_hello_thread",
                                   "Starts threads that say hello and answer.");
    options.count("threads", threads, "number of threads", 1, 1000);
    options.parse(argc, argv);

    std::ostringstream main_id;
    main_id << boost::this_thread::get_id();
    console::tagged("[main]", "thread ", main_id.str(), " in ", console::pid_tag());

    std::vector<Answer> answers(static_cast<std::size_t>(threads));  // shared: one slot each
    std::vector<boost::thread> running;
    for (int i = 0; i < threads; ++i) {
        running.emplace_back(hello, i, std::ref(answers));  // starts at once
    }
    for (auto& thread : running) {
        thread.join();  // wait for each; after join() its writes are visible to main
    }

    int reported = 0;
    for (int i = 0; i < threads; ++i) {
        const Answer& answer = answers[static_cast<std::size_t>(i)];
        const bool ok = !answer.thread_id.empty() && answer.thread_id != main_id.str() &&
                        answer.square == static_cast<long>(i) * i;
        reported += ok ? 1 : 0;
    }
    console::line("threads that reported back through shared memory: ", reported, " of ", threads);
    if (reported != threads) {
        console::error("a thread did not leave its answer");
        return 1;
    }
    return 0;
}
