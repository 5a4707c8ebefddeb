// Deadlock: two threads, two locks, taken in opposite orders -- caught, then fixed.
//
// Python: the deadlock every tutorial warns about (two threading.Locks, opposite order);
//         lock.acquire(timeout=...) is Python's only way out.
// Boost:  boost::timed_mutex::try_lock_for to notice the deadlock; boost::lock(a, b) to avoid it.
// std:    std::timed_mutex; std::scoped_lock(a, b), which locks both the same way std::lock does.
//
// Two accounts, each with its own mutex; a transfer locks both. Thread 1 moves money from
// A to B, thread 2 from B to A.
// Part 1, the bug: each thread locks its "from" account, then its "to" account. A barrier
// between the two locks makes the unlucky interleaving happen on every run (without it, it
// happens now and then, which is worse). Now each thread holds the lock the other one waits
// for: a cycle, so neither can ever go on. The second lock is taken with try_lock_for, so
// both give up after a while and the recipe reports the deadlock instead of hanging.
// Fix 1: one global order -- always lock the account with the smaller id first.
// Fix 2: boost::lock(a, b) takes both or neither (it backs off and retries), in any order.
// Fix 3: std::scoped_lock(a, b), the same in the standard library, with RAII built in.
// Notice: part 1 reports the deadlock on every run; each fix finishes every transfer and the
// total amount of money does not change.
#include <boost/thread/barrier.hpp>
#include <boost/thread/locks.hpp>
#include <boost/thread/mutex.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/threads.hpp"
#include "cookbook/timing.hpp"
#include "cookbook/trace.hpp"

namespace console = cookbook::console;
namespace trace = cookbook::trace;  // --trace FILE: a timeline (try it with --transfers 20)

namespace {

struct Account {
    int id;
    long balance;
    boost::timed_mutex mutex;  // guards balance
};

// Part 1: lock `from`, wait until the other thread has locked its first account too, then
// try for `to` within `patience`. Returns whether the second lock was had.
bool transfer_in_bad_order(Account& from, Account& to, boost::barrier& both_hold_one,
                           boost::chrono::milliseconds patience, int thread) {
    boost::unique_lock<boost::timed_mutex> first(from.mutex);
    const trace::Span holding("holding its first account", "hold");
    both_hold_one.wait();
    boost::unique_lock<boost::timed_mutex> second(to.mutex, boost::defer_lock);
    const auto asked = trace::now();
    const bool got_it = second.try_lock_for(patience);
    trace::span_since(asked, "waiting for the other account", "wait");
    if (!got_it) {
        trace::instant("timeout: gave up", "signal");
    }
    console::tagged(console::thread_tag(thread), "holds account ", from.id, ", waits for account ",
                    to.id, ": ", got_it ? "got it" : "gave up after the timeout");
    both_hold_one.wait();  // let go only when both have tried: the cycle stays closed till then
    return got_it;
}

enum class Fix { ordered, boost_lock, scoped_lock };

void transfer(Account& from, Account& to, long amount, Fix fix) {
    const trace::Span span("transfer", "hold");
    if (fix == Fix::ordered) {
        Account& first = from.id < to.id ? from : to;  // the same order in every thread
        Account& second = from.id < to.id ? to : from;
        const boost::lock_guard<boost::timed_mutex> lock_first(first.mutex);
        const boost::lock_guard<boost::timed_mutex> lock_second(second.mutex);
        from.balance -= amount, to.balance += amount;
    } else if (fix == Fix::boost_lock) {
        boost::lock(from.mutex, to.mutex);  // both or neither, whatever the order
        const boost::lock_guard<boost::timed_mutex> own_from(from.mutex, boost::adopt_lock);
        const boost::lock_guard<boost::timed_mutex> own_to(to.mutex, boost::adopt_lock);
        from.balance -= amount, to.balance += amount;
    } else {
        const std::scoped_lock both(from.mutex, to.mutex);
        from.balance -= amount, to.balance += amount;
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    long transfers = 100'000;
    int patience_ms = 100;
    cookbook::cli::Options options("ch05_deadlock",
                                   "Two locks in opposite order: a deadlock caught, then fixed.");
    options.count("transfers", transfers, "transfers per thread in each fix", 1, 10'000'000)
        .count("patience-ms", patience_ms, "how long part 1 waits for its second lock", 1, 10'000);
    options.parse(argc, argv);

    try {  // (only starting a thread can fail here)
        Account a{1, 1000, {}}, b{2, 1000, {}};
        console::line("part 1: thread 1 locks account 1 then 2, thread 2 locks account 2 then 1");
        boost::barrier both_hold_one(2);
        bool got[2] = {false, false};
        const boost::chrono::milliseconds patience(patience_ms);
        cookbook::run_together(
            {[&] { got[0] = transfer_in_bad_order(a, b, both_hold_one, patience, 1); },
             [&] { got[1] = transfer_in_bad_order(b, a, both_hold_one, patience, 2); }});
        const bool deadlocked = !got[0] && !got[1];
        console::line("part 1: ",
                      deadlocked
                          ? "deadlock detected: each thread held the lock the other waited for"
                          : "no deadlock this time");

        int completed = 0;
        const std::pair<Fix, const char*> fixes[] = {
            {Fix::ordered, "fix 1, one global lock order"},
            {Fix::boost_lock, "fix 2, boost::lock(a, b)"},
            {Fix::scoped_lock, "fix 3, std::scoped_lock(a, b)"}};
        for (const auto& [fix, title] : fixes) {
            cookbook::Stopwatch watch;
            long done[2] = {0, 0};
            cookbook::run_together({[&, fix = fix] {
                                        for (; done[0] < transfers; ++done[0]) {
                                            transfer(a, b, 1, fix);
                                        }
                                    },
                                    [&, fix = fix] {
                                        for (; done[1] < transfers; ++done[1]) {
                                            transfer(b, a, 1, fix);
                                        }
                                    }});
            const long total = a.balance + b.balance;  // the threads have ended: no lock needed
            const bool ok = done[0] == transfers && done[1] == transfers && total == 2000;
            completed += ok ? 1 : 0;
            console::line(title, ": ", done[0] + done[1], " transfers in ",
                          console::fixed(watch.seconds(), 3), " s, total money ", total,
                          " (expected 2000)");
        }

        console::line("bad order: ", deadlocked ? "deadlock detected" : "NOT detected",
                      "; fixes completed: ", completed, " of 3, money conserved");
        if (!deadlocked || completed != 3) {
            console::error(!deadlocked ? "the opposite lock order should have deadlocked"
                                       : "a fix lost money or did not finish");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
