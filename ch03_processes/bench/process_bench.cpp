// Benchmarks of chapter 3: what it costs to start and reap a process, and what it costs to
// write to shared memory compared with ordinary memory.
//
//   fork_waitpid              fork(); the child _exit(0)s at once; waitpid()
//   boost_process_true        boost::process::v2::process("/bin/true"), wait(): fork + exec + reap
//   cookbook_child_self       cookbook::Child::self({"--child"}), wait(): how the recipes start a
//                             child (this program again, which returns at once in child mode)
//   memcpy_heap               memcpy of 64 MiB into a heap buffer whose pages are already touched
//   memcpy_shared_memory      the same into a mapped shared memory object (also already touched)
//
// What to expect, as measured on the project's 2-vCPU machine when it was quiet: fork +
// waitpid ~0.2 ms; /bin/true started with posix_spawn and waited for ~0.9 ms (boost_process_true
// below starts it with Boost.Process's fork + exec instead: a comparable cost); memcpy of
// 256 MiB ~11.5 GB/s. Shared memory is ordinary memory once mapped and touched, so its bandwidth
// should be within a few percent of the heap's; the first touch of fresh pages (~2 GB/s) is
// what costs, which is why both buffers are touched first.
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/process/v2/process.hpp>
#include <cstring>
#include <string>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/ipc.hpp"

namespace bip = boost::interprocess;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t copy_bytes = 64 << 20;

void fork_waitpid(benchmark::State& state) {
    for (auto _ : state) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::_exit(0);
        }
        if (pid < 0) {  // before waitpid: waitpid(-1) would reap any child at all
            state.SkipWithError("fork failed");
            break;
        }
        int status = 0;
        ::waitpid(pid, &status, 0);  // the child does nothing but exit: a certain, short wait
        if (!WIFEXITED(status)) {
            state.SkipWithError("fork or the child failed");
            break;
        }
    }
}
BENCHMARK(fork_waitpid)->Unit(benchmark::kMicrosecond)->UseRealTime();

#if COOKBOOK_HAVE_BOOST_PROCESS  // Boost.Process v2 cannot be linked everywhere
void boost_process_true(benchmark::State& state) {
    boost::asio::io_context io;
    for (auto _ : state) {
        boost::process::v2::process child(io, "/bin/true", {});
        if (child.wait() != 0) {  // /bin/true ends at once
            state.SkipWithError("/bin/true failed");
            break;
        }
    }
}
BENCHMARK(boost_process_true)->Unit(benchmark::kMicrosecond)->UseRealTime();
#endif

void cookbook_child_self(benchmark::State& state) {
    for (auto _ : state) {
        cookbook::Child child = cookbook::Child::self({"--child"});
        if (!child.wait(10s).ok()) {
            state.SkipWithError("the child failed");
            break;
        }
    }
}
BENCHMARK(cookbook_child_self)->Unit(benchmark::kMicrosecond)->UseRealTime();

void copy_into(benchmark::State& state, char* target) {
    std::vector<char> source(copy_bytes, 'x');
    std::memset(target, 0, copy_bytes);  // touch every page first: warm pages only
    for (auto _ : state) {
        std::memcpy(target, source.data(), copy_bytes);
        benchmark::DoNotOptimize(target);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * copy_bytes));
}

void memcpy_heap(benchmark::State& state) {
    std::vector<char> target(copy_bytes);
    copy_into(state, target.data());
}
BENCHMARK(memcpy_heap)->Unit(benchmark::kMillisecond)->UseRealTime();

void memcpy_shared_memory(benchmark::State& state) {
    const std::string name = cookbook::ipc::unique_name("bench_shm");
    const cookbook::ipc::remove_guard<bip::shared_memory_object> remove(name);
    bip::shared_memory_object shared(bip::create_only, name.c_str(), bip::read_write);
    shared.truncate(static_cast<bip::offset_t>(copy_bytes));
    bip::mapped_region region(shared, bip::read_write);
    copy_into(state, static_cast<char*>(region.get_address()));
}
BENCHMARK(memcpy_shared_memory)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--child") {
        return 0;  // cookbook_child_self's child: start, and end at once
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
