// The machine under the programs: how many cores, how big a cache line, how much memory.
//
// Python: os.cpu_count() (logical cores); the book's "memory organization" and Flynn's
//         taxonomy are text only.
// Boost:  boost::thread::hardware_concurrency() (logical cores, hyper-threads included) and
//         boost::thread::physical_concurrency() (cores without their hyper-threads).
// std:    std::thread::hardware_concurrency(), std::hardware_destructive_interference_size
//         (how far apart two variables must be to sit on different cache lines).
//
// A multi-core PC is a MIMD machine with shared memory (Flynn): every core runs its own
// instructions on its own data, and all cores read and write one RAM through their caches.
// So: threads of one process can share data simply by using the same variables; processes
// share nothing unless they ask for it; and caches move memory in whole lines, so two
// threads that keep writing two variables on one line slow each other down (false sharing).
// The core count is what the comparison recipes use for their default --threads: more
// threads than cores cannot make CPU-bound work faster.
// Notice: hardware_concurrency() may return 0 ("unknown"); a program must not divide by it.
#include <algorithm>
#include <boost/thread/thread.hpp>
#include <new>
#include <thread>
#if __has_include(<unistd.h>)
#include <unistd.h>  // sysconf: the memory size (POSIX)
#endif

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

namespace {

#ifdef __cpp_lib_hardware_interference_size
constexpr std::size_t cache_line = std::hardware_destructive_interference_size;
#else
constexpr std::size_t cache_line = 64;  // what x86-64 and most ARM cores use
#endif

// Two counters that two threads update: alignas keeps them a cache line apart.
struct PerThreadCounters {
    alignas(cache_line) long first = 0;
    alignas(cache_line) long second = 0;
};

}  // namespace

int main(int argc, char* argv[]) {
    cookbook::cli::Options options("ch01_hardware",
                                   "Cores, cache line and memory of this machine.");
    options.parse(argc, argv);

    const unsigned logical = boost::thread::hardware_concurrency();  // 0 means "unknown"
    const unsigned physical = boost::thread::physical_concurrency();
    console::line("logical cores  (boost::thread::hardware_concurrency): ", logical);
    console::line("logical cores  (std::thread::hardware_concurrency):   ",
                  std::thread::hardware_concurrency());
    console::line("physical cores (boost::thread::physical_concurrency): ", physical);
    console::line("cache line (std::hardware_destructive_interference_size): ", cache_line,
                  " bytes; two counters kept apart take ", sizeof(PerThreadCounters),
                  " bytes, not ", 2 * sizeof(long));
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    const double memory = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * page;
    console::line("memory: ", console::fixed(memory / (1 << 30), 1), " GiB in pages of ",
                  page / 1024, " KiB, shared by all cores");
#endif
    console::line("Flynn: MIMD with shared memory: ", std::max(logical, 1u),
                  " instruction streams at once, one address space per process");

    const bool counts_ok = logical >= 1 && physical >= 1;
    console::line("core counts at least 1: ", counts_ok ? "yes" : "no");
    if (!counts_ok) {
        console::error("this platform reports no usable core count");
        return 1;
    }
    return 0;
}
