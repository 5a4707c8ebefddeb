// Thread synchronisation with RLock: a lock its owner may take again.
//
// Python: threading.RLock.   Boost: boost::recursive_mutex.   std: std::recursive_mutex.
//
// The book's Rlock.py has a Box whose add() and remove() take the lock and then call
// execute(), which takes the same lock again. Locking a plain mutex that the thread already
// holds is undefined behaviour (usually the thread waits for itself for ever); a recursive
// mutex counts how often its owner locked it and is released when the count is back to zero. The
// usual alternative, often the better design, is shown too: a plain mutex taken once by the public
// functions, and a private helper that expects the caller to hold it. Notice: both boxes end with
// the expected number of items; no sleeps are needed to see it.
#include <boost/thread/lock_guard.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/recursive_mutex.hpp>
#include <boost/thread/thread.hpp>
#include <random>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

// The book's Box: public functions lock, then call execute(), which locks again.
class RecursiveBox {
  public:
    void add() {
        const boost::lock_guard<boost::recursive_mutex> guard(mutex_);
        execute(+1);  // locks mutex_ a second time: fine for a recursive mutex
    }
    void remove() {
        const boost::lock_guard<boost::recursive_mutex> guard(mutex_);
        execute(-1);
    }
    long items() {
        const boost::lock_guard<boost::recursive_mutex> guard(mutex_);
        return items_;
    }

  private:
    void execute(int change) {
        const boost::lock_guard<boost::recursive_mutex> guard(mutex_);
        items_ += change;
    }
    boost::recursive_mutex mutex_;
    long items_ = 0;
};

// The same box with a plain mutex: only the public functions lock.
class PlainBox {
  public:
    void add() {
        const boost::lock_guard<boost::mutex> guard(mutex_);
        execute_locked(+1);
    }
    void remove() {
        const boost::lock_guard<boost::mutex> guard(mutex_);
        execute_locked(-1);
    }
    long items() {
        const boost::lock_guard<boost::mutex> guard(mutex_);
        return items_;
    }

  private:
    void execute_locked(int change) { items_ += change; }  // the caller holds mutex_
    boost::mutex mutex_;
    long items_ = 0;
};

// An adder and a remover thread working on the same box at the same time.
template <class Box>
long add_and_remove(Box& box, long to_add, long to_remove) {
    boost::thread adder([&] {
        for (long i = 0; i < to_add; ++i) {
            box.add();
        }
    });
    boost::thread remover([&] {
        for (long i = 0; i < to_remove; ++i) {
            box.remove();
        }
    });
    adder.join();
    remover.join();
    return box.items();
}

int main(int argc, char* argv[]) {
    int seed = 42;
    long scale = 10'000;
    cookbook::cli::Options options("ch02_rlock", "A box guarded by a recursive mutex.");
    options.count("seed", seed, "random seed for the numbers of items", 0, 1'000'000)
        .count("scale", scale, "items per unit: the book adds 10-20 and removes 1-10 units", 1,
               1'000'000);
    options.parse(argc, argv);

    // randint(10, 20) and randint(1, 10) from mt19937, whose numbers the standard fixes. Not
    // uniform_int_distribution: its results differ between standard libraries.
    std::mt19937 random(static_cast<unsigned>(seed));
    const long to_add = scale * (10 + static_cast<long>(random() % 11));
    const long to_remove = scale * (1 + static_cast<long>(random() % 10));
    const long expected = to_add - to_remove;
    console::line("adding ", to_add, " items and removing ", to_remove, " at the same time");

    RecursiveBox recursive_box;
    const long recursive_items = add_and_remove(recursive_box, to_add, to_remove);
    console::line("recursive_mutex box: ", recursive_items, " items");

    PlainBox plain_box;
    const long plain_items = add_and_remove(plain_box, to_add, to_remove);
    console::line("plain mutex box:     ", plain_items, " items");

    console::line("items in both boxes: ", recursive_items == plain_items ? recursive_items : -1,
                  " (expected ", expected, ")");
    if (recursive_items != expected || plain_items != expected) {
        console::error("a box lost or invented items");
        return 1;
    }
    return 0;
}
