// Raw shared memory: a named block of bytes that two processes map.
//
// Python: multiprocessing.shared_memory.SharedMemory(create=True, size=N): .buf is a memoryview
//         of the bytes, SharedMemory(name) attaches to it from another process, and the
//         creator calls unlink() when done.
// Boost:  boost::interprocess::shared_memory_object (a name in /dev/shm: shm_open) and
//         mapped_region (mmap): bytes and nothing more. managed_shared_memory
//         (shared_value_array) builds a heap of named objects on top of the same two.
// std:    none.
//
// The parent creates the object, gives it a size (truncate: a new one is empty), maps it and
// writes a message and some numbers at fixed offsets, the layout both sides agree on. A child
// opens it by name, maps it, reads them, and writes its answer (the numbers' sum, the message
// reversed) at another offset. The parent reads the answer only after the child has exited
// and been waited for: the kernel has made the child's writes visible by then, so no lock is
// needed -- the same order that join() gives threads. The parent's remove_guard removes the
// name, as unlink() does; the memory goes when the last mapping does.
// Notice: the child saw the parent's bytes, the parent sees the child's; /dev/shm is clean.
#include <algorithm>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <string>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// The layout: bytes at agreed offsets, as a Python program would use buf[0:64] and so on.
constexpr std::size_t message_at = 0, message_size = 64;  // the parent's message
constexpr std::size_t count_at = 64;                      // how many numbers (int64)
constexpr std::size_t numbers_at = 72;                    // the numbers (int64 each)
constexpr std::size_t answer_at = 80'072;                 // the child's: sum, then message
constexpr std::size_t total_size = answer_at + 8 + message_size;
constexpr std::int64_t max_numbers = (answer_at - numbers_at) / 8;

std::int64_t read_int(const char* bytes) {  // memcpy: the bytes need not be aligned
    std::int64_t value;
    std::memcpy(&value, bytes, sizeof value);
    return value;
}
void write_int(char* bytes, std::int64_t value) {
    std::memcpy(bytes, &value, sizeof value);
}

int run_child(const std::string& name) {
    const bip::shared_memory_object shm(bip::open_only, name.c_str(), bip::read_write);
    bip::mapped_region region(shm, bip::read_write);  // the same bytes as the parent's mapping
    char* bytes = static_cast<char*>(region.get_address());
    if (region.get_size() < total_size) {
        console::error("the shared memory is ", region.get_size(), " bytes, not ", total_size);
        return 1;
    }
    const std::string message(bytes + message_at, ::strnlen(bytes + message_at, message_size));
    const std::int64_t count = std::clamp<std::int64_t>(read_int(bytes + count_at), 0, max_numbers);
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        sum += read_int(bytes + numbers_at + 8 * i);
    }
    console::tagged(console::pid_tag(), "child read \"", message, "\" and ", count, " numbers");
    write_int(bytes + answer_at, sum);
    const std::string reversed(message.rbegin(), message.rend());
    std::memcpy(bytes + answer_at + 8, reversed.c_str(), reversed.size() + 1);
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    int numbers = 100;
    std::string message = "hello from the parent", child_shm;
    cookbook::cli::Options options("ch03_shared_memory",
                                   "SharedMemory: raw bytes in /dev/shm, mapped by two processes.");
    options.count("numbers", numbers, "numbers the parent writes", 0, int(max_numbers))
        .text("message", message, "what the parent writes (at most 63 bytes)")
        .internal("shm", child_shm);
    options.parse(argc, argv);
    if (!child_shm.empty()) {
        return run_child(child_shm);
    }
    if (message.size() >= message_size) {
        console::error("--message: at most ", message_size - 1, " bytes");
        return 2;
    }

    const std::string name = cookbook::ipc::unique_name("raw");
    cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(name);  // unlink()
    bip::shared_memory_object shm(bip::create_only, name.c_str(), bip::read_write);
    shm.truncate(total_size);  // a new shared memory object has no size until it is given one
    bip::mapped_region region(shm, bip::read_write);
    char* bytes = static_cast<char*>(region.get_address());
    std::memset(bytes, 0, total_size);
    std::memcpy(bytes + message_at, message.c_str(), message.size() + 1);
    write_int(bytes + count_at, numbers);
    for (int i = 0; i < numbers; ++i) {
        write_int(bytes + numbers_at + 8 * i, i);
    }

    auto child = cookbook::Child::self({"--shm", name});
    const auto status = child.wait(10s);  // its writes are visible once it has been waited for
    const std::int64_t sum = read_int(bytes + answer_at);
    const std::string reversed(bytes + answer_at + 8, ::strnlen(bytes + answer_at + 8, 64));
    const std::int64_t expected = std::int64_t(numbers) * (numbers - 1) / 2;
    const bool ok = status.ok() && sum == expected &&
                    std::equal(reversed.rbegin(), reversed.rend(), message.begin(), message.end());
    console::line("parent read the child's answer: sum ", sum, " (expected ", expected,
                  "), message reversed: \"", reversed, "\"; ", ok ? "correct" : "WRONG");
    if (!ok) {
        console::error("the child ", status.ok() ? "wrote a wrong answer" : status.describe());
        return 1;
    }
    return 0;
}
