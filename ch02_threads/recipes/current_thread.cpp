// Determining the current thread: which thread is running this code?
//
// Python: threading.current_thread().name, threading.get_ident(); Thread(name="function_A").
// Boost:  boost::this_thread::get_id();   std: std::this_thread::get_id().
//
// C++ threads have ids but no names: the recipe passes each thread its name,
// and also gives it to the operating system with pthread_setname_np (at most 15 characters),
// which is what `top -H` and `ps -L` show and what a debugger lists. The book's
// Thread_determine.py runs function_A, function_B and function_C; so does this recipe.
// Notice: every thread has a different id, all of them different from main's; the OS reads
// back the names the threads gave themselves.
#include <pthread.h>

#include <boost/thread/thread.hpp>
#include <latch>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

namespace {

// What a thread learns about itself. Each thread writes only its own Report.
struct Report {
    std::string given_name;
    std::string id;       // boost::this_thread::get_id(), printed
    std::string os_name;  // the name the operating system holds for this thread
};

std::string current_id() {
    std::ostringstream text;
    text << boost::this_thread::get_id();
    return text.str();
}

void function(const std::string& name, Report& report, boost::chrono::milliseconds work,
              std::latch& all_started) {
    pthread_setname_np(pthread_self(), name.c_str());  // the OS-level name (Linux: <= 15 chars)
    char os_name[16] = {};
    pthread_getname_np(pthread_self(), os_name, sizeof os_name);
    report = {name, current_id(), os_name};
    // An id is unique only among threads alive at the same time: once a thread has ended,
    // a new one may get its id. Waiting until all have started keeps them all alive at once.
    all_started.arrive_and_wait();

    console::tagged("[" + name + "]", "starting, id ", report.id);
    boost::this_thread::sleep_for(work);  // stands in for the work
    console::tagged("[" + name + "]", "exiting");
}

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 3;
    int work_ms = 100;
    cookbook::cli::Options options("ch02_current_thread",
                                   "Named threads report their ids and OS-level names.");
    options.count("threads", threads, "number of threads (function_A, function_B, ...)", 1, 26)
        .count("work-ms", work_ms, "simulated work per thread, in milliseconds", 0, 2000);
    options.parse(argc, argv);

    const std::string main_id = current_id();
    console::tagged("[main]", "id ", main_id);

    std::vector<Report> reports(threads);
    std::latch all_started(threads);
    std::vector<boost::thread> running;
    for (int i = 0; i < threads; ++i) {
        const std::string name = std::string("function_") + static_cast<char>('A' + i);
        running.emplace_back(function, name, std::ref(reports[i]),
                             boost::chrono::milliseconds(work_ms), std::ref(all_started));
    }
    for (auto& t : running) {
        t.join();
    }

    // Distinct ids, none equal to main's, and each OS name equal to the given one.
    std::set<std::string> ids{main_id};
    int named = 0;
    for (const auto& report : reports) {
        ids.insert(report.id);
        named += report.os_name == report.given_name ? 1 : 0;
    }
    const int distinct = static_cast<int>(ids.size()) - 1;
    console::line("threads with their own id: ", distinct, " of ", threads,
                  "; names read back from the OS: ", named, " of ", threads);
    if (distinct != threads || named != threads) {
        console::error("ids are not distinct, or a name did not reach the OS");
        return 1;
    }
    return 0;
}
