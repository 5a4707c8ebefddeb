#include "cookbook/message_queue.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <random>
#include <thread>

#include "cookbook/ipc.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace ipc = cookbook::ipc;
using ipc::Transfer;
using namespace std::chrono_literals;

namespace {

struct Number {
    long value;
};

// A fresh queue of `capacity` Numbers, removed again with the fixture.
struct QueueFixture {
    const std::string name = ipc::unique_name("mq_test");
    ipc::remove_guard<bip::message_queue> remove{name};
    std::unique_ptr<bip::message_queue> queue;

    explicit QueueFixture(unsigned capacity = 1)
        : queue(std::make_unique<bip::message_queue>(bip::create_only, name.c_str(), capacity,
                                                     sizeof(Number))) {}
};

// A forked process that tries to send Numbers into the queue as fast as it can, until it is
// killed: try_send() takes the queue's mutex at every call, so a kill often lands while it
// holds it. Boost.Test's signal handlers go back to their defaults in it.
pid_t start_hammering_sender(const std::string& name) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        for (const int number : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) {
            ::signal(number, SIG_DFL);
        }
        try {
            bip::message_queue queue(bip::open_only, name.c_str());
            for (long i = 0;; ++i) {
                const Number number{i};
                while (!queue.try_send(&number, sizeof number, 0)) {
                }
            }
        } catch (...) {
        }
        ::_exit(1);
    }
    BOOST_TEST_REQUIRE(pid > 0);
    return pid;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(message_queue_helpers)

BOOST_AUTO_TEST_CASE(a_message_goes_through_and_every_wait_is_bounded) {
    QueueFixture fixture(1);
    BOOST_TEST((ipc::send_within(*fixture.queue, Number{42}, 1s) == Transfer::done));
    cookbook::Stopwatch watch;
    BOOST_TEST((ipc::send_within(*fixture.queue, Number{43}, 100ms) == Transfer::timed_out));
    BOOST_TEST(watch.seconds() >= 0.1);
    BOOST_TEST(watch.seconds() < 5.0);
    Number received{0};
    BOOST_TEST((ipc::receive_within(*fixture.queue, received, 1s) == Transfer::done));
    BOOST_TEST(received.value == 42);
    watch.restart();
    BOOST_TEST((ipc::receive_within(*fixture.queue, received, 100ms) == Transfer::timed_out));
    BOOST_TEST(watch.seconds() >= 0.1);
    BOOST_TEST(watch.seconds() < 5.0);
}

BOOST_AUTO_TEST_CASE(a_watched_child_that_ends_is_noticed_at_once) {
    QueueFixture fixture(1);
    std::vector<cookbook::Child> children;
    children.emplace_back("/bin/sleep", std::vector<std::string>{"0.1"});
    cookbook::Stopwatch watch;
    Number received{0};
    BOOST_TEST(
        (ipc::receive_within(*fixture.queue, received, 20s, children) == Transfer::child_ended));
    BOOST_TEST(watch.seconds() < 10.0);  // not the 20 s timeout
    // What a child left before it ended is still received.
    BOOST_TEST((ipc::send_within(*fixture.queue, Number{7}, 1s) == Transfer::done));
    BOOST_TEST((ipc::receive_within(*fixture.queue, received, 20s, children) == Transfer::done));
    BOOST_TEST(received.value == 7);
}

BOOST_AUTO_TEST_CASE(a_message_of_another_size_is_an_error) {
    QueueFixture fixture(1);
    const char small = 'x';
    BOOST_TEST_REQUIRE(fixture.queue->try_send(&small, sizeof small, 0));
    Number received{0};
    BOOST_CHECK_THROW(ipc::receive_within(*fixture.queue, received, 1s), std::runtime_error);
}

// The point of the helpers: a sender is SIGKILLed at a random moment while this process is
// receiving, many times. Some of the kills land while it holds the queue's mutex (the queue is
// then lost: PeerDied); the others leave the queue empty (timed_out). Never an abort, never a
// wait past its bound -- what Boost's own timed_receive cannot promise.
BOOST_AUTO_TEST_CASE(a_sender_killed_inside_a_send_is_an_error_by_the_deadline) {
    std::mt19937 random(12345);
    int lost = 0;
    const int trials = 40;
    for (int trial = 0; trial < trials; ++trial) {
        QueueFixture fixture(1);
        const pid_t sender = start_hammering_sender(fixture.name);
        bool peer_died = false;
        long received = 0;
        cookbook::Stopwatch since_kill;
        std::thread receiver([&] {
            try {
                Number number{0};
                while (ipc::receive_within(*fixture.queue, number, 100ms) == Transfer::done) {
                    ++received;
                }
            } catch (const ipc::PeerDied&) {
                peer_died = true;
            }
        });
        // A random moment to kill it: not synchronisation, the test wants any moment.
        std::this_thread::sleep_for(std::chrono::microseconds(1000 + random() % 20000));
        ::kill(sender, SIGKILL);
        since_kill.restart();
        receiver.join();
        ::waitpid(sender, nullptr, 0);
        BOOST_TEST(since_kill.seconds() < 0.1 + 2.0, "trial " << trial);  // its bound, a margin
        lost += peer_died ? 1 : 0;
    }
    BOOST_TEST_MESSAGE(lost << " of " << trials << " kills landed inside a send");
    BOOST_TEST(lost > 0);  // the case that matters did happen
}

BOOST_AUTO_TEST_SUITE_END()
