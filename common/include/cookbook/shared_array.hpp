// An array of plain values in shared memory, one slot per child process: how children hand
// results back to their parent (ch01's serial_vs_parallel and cpu_bound_comparison).
//
// A process cannot return a value to its parent the way a thread writes into a variable of
// main: its memory is its own (hello_process), and its exit code is a single byte. So the
// parent creates a small named shared-memory object, passes its name on each child's command
// line, and each child writes its own slot. The parent reads the slots after it has waited
// for the children (a child that has ended has finished writing). Chapter 3 shows more ways
// (pipes, message queues, managed shared memory).
//
//   ipc::SharedArray<long> results(ipc::unique_name("primes"), workers);   // parent: create
//   ... Child::self({"--child", "2", "--results", results.name()}) ...
//   ipc::SharedArray<long> mine(name);  mine[2] = count;                   // child: open, write
#pragma once

#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "cookbook/ipc.hpp"

namespace cookbook::ipc {

template <class T>
class SharedArray {
    static_assert(std::is_trivially_copyable_v<T>, "only plain values can cross processes");
    using SharedMemory = boost::interprocess::shared_memory_object;

  public:
    // In the parent: a new array of `slots` zeros. The name is removed from /dev/shm when this
    // object goes away, and also if the program is ended by SIGINT or SIGTERM.
    SharedArray(const std::string& name, int slots)
        : remover_(std::make_unique<remove_guard<SharedMemory>>(name)),
          memory_(boost::interprocess::create_only, name.c_str(), boost::interprocess::read_write) {
        memory_.truncate(static_cast<boost::interprocess::offset_t>(sizeof(T)) * slots);
        region_ = boost::interprocess::mapped_region(memory_, boost::interprocess::read_write);
    }
    // In a child: the array its parent created.
    explicit SharedArray(const std::string& name)
        : memory_(boost::interprocess::open_only, name.c_str(), boost::interprocess::read_write),
          region_(memory_, boost::interprocess::read_write) {}

    std::string name() const { return memory_.get_name(); }
    int size() const { return static_cast<int>(region_.get_size() / sizeof(T)); }
    T* begin() { return static_cast<T*>(region_.get_address()); }  // for loops and algorithms
    T* end() { return begin() + size(); }

    T& operator[](int slot) {
        if (slot < 0 || slot >= size()) {
            throw std::out_of_range("no such result slot: " + std::to_string(slot));
        }
        return static_cast<T*>(region_.get_address())[slot];
    }

  private:
    std::unique_ptr<remove_guard<SharedMemory>> remover_;  // parent only
    SharedMemory memory_;
    boost::interprocess::mapped_region region_;
};

}  // namespace cookbook::ipc
