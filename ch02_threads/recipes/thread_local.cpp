// Thread-local data: one variable name, a separate value in every thread.
//
// Python: threading.local(): `data = threading.local(); data.x = 1` is per thread.
// C++:    the `thread_local` storage class; Boost: boost::thread_specific_ptr<T>, a pointer
//         with one target per thread, deleted when that thread ends.
//
// Every thread writes its own number into three places -- a plain shared variable, a
// thread_local variable and a thread_specific_ptr -- then waits until all threads have
// written (a latch), and reads the three back. The shared variable holds whatever the last
// writer put there (it is a std::atomic, so this is a race in the program's logic, not
// undefined behaviour); the two thread-local ones still hold each thread's own value.
// Notice: "shared" shows other threads' numbers; the thread-local columns never do.
#include <atomic>
#include <boost/thread/thread.hpp>
#include <boost/thread/tss.hpp>
#include <latch>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

namespace {

std::atomic<int> shared_value{-1};         // one for the whole program
thread_local int local_value = -1;         // one per thread, starts at -1 in each
boost::thread_specific_ptr<int> specific;  // one pointer per thread, deleted at thread exit

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 4;
    cookbook::cli::Options options("ch02_thread_local", "thread_local and thread_specific_ptr.");
    options.count("threads", threads, "number of threads", 1, 256);
    options.parse(argc, argv);

    std::latch all_written(threads);
    std::atomic<int> saw_own_local{0};
    std::atomic<int> saw_own_specific{0};
    std::atomic<int> saw_own_shared{0};
    std::vector<boost::thread> running;
    for (int t = 0; t < threads; ++t) {
        running.emplace_back([&, t] {
            const int mine = 100 + t;
            shared_value.store(mine);
            local_value = mine;
            specific.reset(new int(mine));  // owned by this thread's slot from now on

            all_written.arrive_and_wait();  // every thread has written before anyone reads

            const int shared = shared_value.load();
            console::tagged(console::thread_tag(t), "wrote ", mine, "; reads shared ", shared,
                            ", thread_local ", local_value, ", thread_specific_ptr ", *specific);
            saw_own_shared += shared == mine ? 1 : 0;
            saw_own_local += local_value == mine ? 1 : 0;
            saw_own_specific += *specific == mine ? 1 : 0;
        });
    }
    for (auto& thread : running) {
        thread.join();
    }
    console::line("main thread's own copies: thread_local ", local_value, ", thread_specific_ptr ",
                  specific.get() == nullptr ? "empty" : "set");
    console::line("threads that read back their own value: shared ", saw_own_shared.load(),
                  " (only the last writer)");
    console::line("threads that read back their own value: thread_local ", saw_own_local.load(),
                  " of ", threads, ", thread_specific_ptr ", saw_own_specific.load(), " of ",
                  threads);
    if (saw_own_local.load() != threads || saw_own_specific.load() != threads ||
        saw_own_shared.load() != 1 || local_value != -1 || specific.get() != nullptr) {
        console::error("a thread saw another thread's thread-local value");
        return 1;
    }
    return 0;
}
