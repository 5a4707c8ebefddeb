// Benchmarks for chapter 2: what a lock, an atomic and a spinlock cost per increment (alone
// and with two threads fighting), how many items per second two queues move between two
// threads, what creating and joining a thread costs, and the per-task cost of a thread pool.
// Run with ./cookbook bench ch02, which also runs bench/questions.cpp: the same questions
// beside CPython's figures and the std/POSIX limits, all measured in the same run.
#include <benchmark/benchmark.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <boost/thread/concurrent_queues/sync_bounded_queue.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/thread.hpp>
#include <filesystem>
#include <latch>
#include <mutex>
#include <thread>

#include "cookbook/trace.hpp"

namespace {

// A hint to the CPU that we are spinning (x86's PAUSE); elsewhere, give the core away.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
}

// ---- one shared counter, incremented by 1 or 2 threads

boost::mutex counter_mutex;
long locked_counter = 0;
void BM_MutexIncrement(benchmark::State& state) {
    for (auto _ : state) {
        const boost::lock_guard<boost::mutex> guard(counter_mutex);
        ++locked_counter;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MutexIncrement)->Threads(1)->Threads(2)->UseRealTime();

std::atomic<long> atomic_counter{0};
void BM_AtomicIncrement(benchmark::State& state) {
    for (auto _ : state) {
        atomic_counter.fetch_add(1, std::memory_order_relaxed);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AtomicIncrement)->Threads(1)->Threads(2)->UseRealTime();

// A test-and-test-and-set spinlock: spin on a plain load, so the cache line stays shared
// until the lock looks free.
class Spinlock {
  public:
    void lock() {
        while (locked_.exchange(true, std::memory_order_acquire)) {
            while (locked_.load(std::memory_order_relaxed)) {
                cpu_relax();
            }
        }
    }
    void unlock() { locked_.store(false, std::memory_order_release); }

  private:
    std::atomic<bool> locked_{false};
};
Spinlock counter_spinlock;
long spin_counter = 0;
void BM_SpinlockIncrement(benchmark::State& state) {
    for (auto _ : state) {
        const std::lock_guard guard(counter_spinlock);
        ++spin_counter;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SpinlockIncrement)->Threads(1)->Threads(2)->UseRealTime();

// ---- moving items from one thread to another; one iteration = one item

void BM_SyncBoundedQueue(benchmark::State& state) {
    boost::sync_bounded_queue<long> queue(1024);
    const long items = static_cast<long>(state.max_iterations);
    std::thread producer([&] {
        for (long i = 0; i < items; ++i) {
            queue.push_back(i);
        }
    });
    long item = 0;
    for (auto _ : state) {
        queue.pull_front(item);
        benchmark::DoNotOptimize(item);
    }
    producer.join();
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SyncBoundedQueue)->UseRealTime();

void BM_SpscQueue(benchmark::State& state) {
    boost::lockfree::spsc_queue<long, boost::lockfree::capacity<1024>> queue;
    const long items = static_cast<long>(state.max_iterations);
    std::thread producer([&] {
        for (long i = 0; i < items; ++i) {
            while (!queue.push(i)) {
                cpu_relax();  // full: the consumer is behind
            }
        }
    });
    long item = 0;
    for (auto _ : state) {
        while (!queue.pop(item)) {
            cpu_relax();  // empty: the producer is behind
        }
        benchmark::DoNotOptimize(item);
    }
    producer.join();
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SpscQueue)->UseRealTime();

// ---- threads and pools

void BM_ThreadCreateJoin(benchmark::State& state) {
    for (auto _ : state) {
        boost::thread t([] {});
        t.join();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ThreadCreateJoin)->UseRealTime();

// One iteration posts a batch of trivial tasks to a 2-thread pool and waits for all of them;
// items/s counts tasks, so 1/items_per_second is the cost per task.
void BM_ThreadPoolPost(benchmark::State& state) {
    constexpr int batch = 10'000;
    boost::asio::thread_pool pool(2);
    for (auto _ : state) {
        std::latch done(batch);
        for (int i = 0; i < batch; ++i) {
            boost::asio::post(pool, [&done] { done.count_down(); });
        }
        done.wait();
    }
    pool.join();
    state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_ThreadPoolPost)->UseRealTime()->Unit(benchmark::kMillisecond);

// ---- the tracer (--trace FILE): what one span costs, off and on

void BM_TraceSpanOff(benchmark::State& state) {
    for (auto _ : state) {
        const cookbook::trace::Span span("span", "work");  // tracing is off: one branch
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TraceSpanOff);

// On: two clock reads and an append to this thread's buffer. The buffer keeps at most 65536
// events per thread, so the run stays below that.
const std::string trace_path = std::filesystem::temp_directory_path() / "ch02_bench_trace.json";
void BM_TraceSpanOn(benchmark::State& state) {
    cookbook::trace::start(trace_path, "ch02_bench_threads");
    for (auto _ : state) {
        const cookbook::trace::Span span("span", "work");
    }
    state.SetItemsProcessed(state.iterations());
    cookbook::trace::finish();  // writes the file, and tracing is off again
    std::filesystem::remove(trace_path);
    std::filesystem::remove_all(trace_path + ".parts");
}
BENCHMARK(BM_TraceSpanOn)->Iterations(50'000);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
