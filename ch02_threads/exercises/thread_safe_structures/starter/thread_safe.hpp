// Exercise: thread-safe structures. Replace every TODO (see ../README.md for the task).
// Everything compiles as it is; each function throws until you write it.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>

namespace exercise {

class Counter {
  public:
    void increment() { throw std::logic_error("TODO: Counter::increment"); }
    void add(long /*n*/) { throw std::logic_error("TODO: Counter::add"); }
    long value() const { throw std::logic_error("TODO: Counter::value"); }

  private:
    // TODO: the state, and whatever keeps it consistent between threads
};

template <class T>
class BoundedQueue {
  public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

    bool push(T /*item*/) { throw std::logic_error("TODO: BoundedQueue::push"); }
    bool try_push(T /*item*/) { throw std::logic_error("TODO: BoundedQueue::try_push"); }
    std::optional<T> pop() { throw std::logic_error("TODO: BoundedQueue::pop"); }
    void close() { throw std::logic_error("TODO: BoundedQueue::close"); }
    std::size_t size() const { throw std::logic_error("TODO: BoundedQueue::size"); }

  private:
    std::size_t capacity_;
    // TODO: the items, a closed flag, and what makes waiting possible
};

template <class K, class V>
class ConcurrentMap {
  public:
    void update(const K& /*key*/, const std::function<void(V&)>& /*change*/) {
        throw std::logic_error("TODO: ConcurrentMap::update");
    }
    std::optional<V> get(const K& /*key*/) const {
        throw std::logic_error("TODO: ConcurrentMap::get");
    }
    std::size_t size() const { throw std::logic_error("TODO: ConcurrentMap::size"); }

  private:
    // TODO: the map(s) and lock(s)
};

}  // namespace exercise
