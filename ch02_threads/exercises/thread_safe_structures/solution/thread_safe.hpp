// Exercise: thread-safe structures -- one solution (see ../README.md for the task).
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace exercise {

// One indivisible read-modify-write per call: an atomic is enough, no lock needed. Relaxed,
// because the count publishes no other data: a reader that must see every increment is
// ordered after them by something else (join(), a latch), as in race_condition.
class Counter {
  public:
    void increment() { value_.fetch_add(1, std::memory_order_relaxed); }
    void add(long n) { value_.fetch_add(n, std::memory_order_relaxed); }
    long value() const { return value_.load(); }

  private:
    std::atomic<long> value_{0};
};

// A mutex guards the items and the flag; two conditions say "room" and "an item, or closed".
template <class T>
class BoundedQueue {
  public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

    bool push(T item) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
        if (closed_) {
            return false;
        }
        items_.push_back(std::move(item));
        not_empty_.notify_one();
        return true;
    }

    bool try_push(T item) {
        const std::lock_guard lock(mutex_);
        if (closed_ || items_.size() >= capacity_) {
            return false;
        }
        items_.push_back(std::move(item));
        not_empty_.notify_one();
        return true;
    }

    std::optional<T> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) {
            return std::nullopt;  // closed and drained
        }
        T item = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        return item;
    }

    void close() {
        const std::lock_guard lock(mutex_);
        closed_ = true;
        not_empty_.notify_all();  // everyone waiting must re-check: nothing more will come
        not_full_.notify_all();
    }

    std::size_t size() const {
        const std::lock_guard lock(mutex_);
        return items_.size();
    }

  private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable not_full_;
    std::condition_variable not_empty_;
    std::deque<T> items_;
    bool closed_ = false;
};

// Lock striping: key k lives in shard hash(k) % 16, guarded by that shard's mutex, so updates
// of keys in different shards run in parallel while updates of one key never overlap.
template <class K, class V>
class ConcurrentMap {
  public:
    void update(const K& key, const std::function<void(V&)>& change) {
        Shard& shard = shard_of(key);
        const std::lock_guard lock(shard.mutex);
        change(shard.values[key]);  // operator[] default-constructs a new key's value
    }

    std::optional<V> get(const K& key) const {
        const Shard& shard = shard_of(key);
        const std::lock_guard lock(shard.mutex);
        const auto found = shard.values.find(key);
        if (found == shard.values.end()) {
            return std::nullopt;
        }
        return found->second;
    }

    std::size_t size() const {
        std::size_t total = 0;
        for (const Shard& shard : shards_) {
            const std::lock_guard lock(shard.mutex);
            total += shard.values.size();
        }
        return total;
    }

  private:
    struct Shard {
        mutable std::mutex mutex;
        std::map<K, V> values;
    };
    Shard& shard_of(const K& key) { return shards_[std::hash<K>{}(key) % shards_.size()]; }
    const Shard& shard_of(const K& key) const {
        return shards_[std::hash<K>{}(key) % shards_.size()];
    }
    std::array<Shard, 16> shards_;
};

}  // namespace exercise
