// Chapter 3's benchmark questions (see cookbook/questions.hpp): what starting and waiting for
// a process costs, and how fast bytes go into shared memory. Each against its CPython twin
// (bench/python/questions.py) and the raw POSIX or memcpy baseline.
#include "cookbook/questions.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <cstring>
#include <string_view>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/ipc.hpp"

namespace bip = boost::interprocess;
using cookbook::questions::best_seconds;
using cookbook::questions::Better;
using cookbook::questions::Report;
using namespace std::chrono_literals;

extern char** environ;

namespace {

constexpr int repeats = 3;

// ---- process_start_wait: start a process and wait for it to end, K times; us per process.
template <class Start>
double start_wait_us(long k, long& ok, Start start_and_wait) {
    return best_seconds(repeats,
                        [&] {
                            ok = 0;
                            for (long i = 0; i < k; ++i) {
                                ok += start_and_wait() ? 1 : 0;
                            }
                        }) /
           double(k) * 1e6;
}

bool posix_spawn_true() {
    pid_t pid;
    char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
    if (::posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ) != 0) {
        return false;
    }
    int status = 0;
    return ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The bare fork: the child ends at once.
bool fork_exit() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::_exit(0);
    }
    int status = 0;
    return pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status);
}

// multiprocessing's fork start method, in C++: the child runs a function and reports through
// its exit code.
int child_work() {
    return 0;
}
bool fork_function() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::_exit(child_work());
    }
    int status = 0;
    return pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

// ---- shm_bulk_bytes: copy a buffer into shared memory; GB/s of the best copy.
double copy_gb_per_s(const std::vector<char>& source, char* destination) {
    const double seconds =
        best_seconds(5, [&] { std::memcpy(destination, source.data(), source.size()); });
    return double(source.size()) / seconds / 1e9;
}

// What the copy holds, checked against the twin's: the sum of every 4096th byte.
std::string sample_sum(const char* bytes, std::size_t size) {
    long sum = 0;
    for (std::size_t i = 0; i < size; i += 4096) {
        sum += static_cast<unsigned char>(bytes[i]);
    }
    return std::to_string(sum);
}

}  // namespace

int main(int argc, char* argv[]) {
    if (argc == 2 && std::string_view(argv[1]) == "--child") {
        return child_work();  // the child of Child::self(): Python's spawn start method
    }
    Report report(argc, argv, "ch03", COOKBOOK_TWIN);
    report.run_twin();

    const long k = report.size(20, 500);
    long ok = 0;
    const double spawn_limit = start_wait_us(k, ok, posix_spawn_true);
    const double exec_us = start_wait_us(k, ok, [] {
        cookbook::Child child("/bin/true", {});
        return child.wait(10s).ok();
    });
    report.add({"process_start_wait", "child_exec_true", "us", Better::lower, exec_us, spawn_limit,
                std::to_string(ok)});
    const double self_us = start_wait_us(k, ok, [] {
        auto child = cookbook::Child::self({"--child"});
        return child.wait(10s).ok();
    });
    report.add({"process_start_wait", "child_self", "us", Better::lower, self_us, spawn_limit,
                std::to_string(ok)});
    const double fork_limit = start_wait_us(k, ok, fork_exit);
    const double fork_us = start_wait_us(k, ok, fork_function);
    report.add({"process_start_wait", "fork", "us", Better::lower, fork_us, fork_limit,
                std::to_string(ok)});

    const auto bytes = static_cast<std::size_t>(report.size(4, 256)) << 20;  // MiB
    std::vector<char> source(bytes), heap(bytes);
    for (std::size_t i = 0; i < bytes; ++i) {
        source[i] = static_cast<char>(i % 251);
    }
    const double memcpy_limit = copy_gb_per_s(source, heap.data());
    {
        const std::string name = cookbook::ipc::unique_name("bench_raw");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove(name);
        bip::shared_memory_object shm(bip::create_only, name.c_str(), bip::read_write);
        shm.truncate(static_cast<bip::offset_t>(bytes));
        bip::mapped_region region(shm, bip::read_write);
        char* destination = static_cast<char*>(region.get_address());
        report.add({"shm_bulk_bytes", "raw_shared_memory", "GB/s", Better::higher,
                    copy_gb_per_s(source, destination), memcpy_limit,
                    sample_sum(destination, bytes)});
    }
    {
        const std::string name = cookbook::ipc::unique_name("bench_managed");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove(name);
        bip::managed_shared_memory segment(bip::create_only, name.c_str(), bytes + (1 << 20));
        char* destination = static_cast<char*>(segment.allocate(bytes));
        report.add({"shm_bulk_bytes", "managed_shared_memory", "GB/s", Better::higher,
                    copy_gb_per_s(source, destination), memcpy_limit,
                    sample_sum(destination, bytes)});
        segment.deallocate(destination);
    }
    return report.finish();
}
