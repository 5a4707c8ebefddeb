// Using a queue to exchange data between processes.
//
// Python: multiprocessing.Queue: put() in one process, get() in another.
// C++:    boost::interprocess::message_queue: a bounded queue of fixed-size messages in shared
//         memory (/dev/shm), opened by name by every process that uses it. std has none.
//
// The book's communicating_with_queue.py has a consumer that checks `queue.empty()` and quits
// when it sees nothing, which it does at once -- it consumes none of the producer's items.
// "Empty now" does not mean "no more items". Here the producer ends the stream with a stop
// message that also carries its checksum.
// A process can die at any moment, even in the middle of a send, holding the queue's mutex.
// message_queue's own waits (receive, timed_receive) sleep inside the queue, where such a death
// leaves them stuck (see common's message_queue.hpp): so both sides use ipc::send_within and
// ipc::receive_within, which try and, between tries, sleep outside the queue -- the consumer
// in wait_any() on the producer, so that its death wakes it at once. A producer that ended
// without its stop message, or died inside a send (the queue is then lost), is an error.
// Notice: the queue holds only --capacity messages, so the producer waits when it is full
// (Python's Queue is unbounded); the parent, not the producer, creates and removes the queue.
#include <boost/interprocess/ipc/message_queue.hpp>
#include <random>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/message_queue.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
namespace ipc = cookbook::ipc;
using namespace std::chrono_literals;

namespace {

struct Message {
    long index;  // 0, 1, ...: an item; -1: stop, and `value` is the sum of all items sent
    long value;
};

int produce(const std::string& name, long items, unsigned seed) {
    bip::message_queue queue(bip::open_only, name.c_str());
    std::mt19937 random(seed);
    std::uniform_int_distribution<long> value(0, 256);
    long sum = 0;
    console::tagged(console::pid_tag(), "producer: sending ", items, " items");
    for (long i = 0; i < items; ++i) {
        const Message item{i, value(random)};
        sum += item.value;
        if (items <= 20) {  // get_num_msg() is Python's qsize(): a snapshot, stale at once
            console::tagged(console::pid_tag(), "producer: putting item ", i, " = ", item.value,
                            " (", queue.get_num_msg(), " waiting in the queue)");
        }
        if (ipc::send_within(queue, item, 5s) != ipc::Transfer::done) {
            console::error("producer: the queue stayed full for 5 s");
            return 1;
        }
    }
    return ipc::send_within(queue, Message{-1, sum}, 5s) == ipc::Transfer::done ? 0 : 1;
}

}  // namespace

int main(int argc, char* argv[]) {
    long items = 10;
    int capacity = 4;
    int seed = 1;
    std::string child;
    std::string queue_name;
    cookbook::cli::Options options(
        "ch04_queue", "A producer process and a consumer process share a message_queue.");
    options.count("items", items, "items the producer sends", 1, 10'000'000)
        .count("capacity", capacity, "messages the queue can hold", 1, 100'000)
        .count("seed", seed, "seed of the producer's random values", 0, 1'000'000)
        .internal("child", child)
        .internal("queue", queue_name);
    options.parse(argc, argv);
    if (child == "producer") {
        return produce(queue_name, items, static_cast<unsigned>(seed));
    }

    // The parent creates the queue (and its guard removes it, whatever happens), starts the
    // producer, and consumes.
    const std::string name = cookbook::ipc::unique_name("queue");
    cookbook::ipc::remove_guard<bip::message_queue> remove_queue(name);
    bip::message_queue queue(bip::create_only, name.c_str(), capacity, sizeof(Message));
    std::vector<cookbook::Child> producer;  // the children to watch while receiving
    producer.push_back(
        cookbook::Child::self({"--child", "producer", "--queue", name, "--items",
                               std::to_string(items), "--seed", std::to_string(seed)}));

    std::vector<bool> seen(static_cast<std::size_t>(items), false);
    long received = 0, twice = 0, sum = 0, producer_sum = -1;
    try {
        while (producer_sum < 0) {
            Message message{};
            const ipc::Transfer got = ipc::receive_within(queue, message, 5s, producer);
            if (got != ipc::Transfer::done) {  // the producer ended, or said nothing for 5 s
                console::error("no stop message: the producer ",
                               got == ipc::Transfer::child_ended
                                   ? "ended (" + producer[0].wait(0ms).describe() + ")"
                                   : "sent nothing for 5 s");
                return 1;
            }
            if (message.index < 0) {
                producer_sum = message.value;  // the stop message: no more items will come
            } else if (message.index < items) {
                twice += seen[message.index] ? 1 : 0;
                seen[message.index] = true;
                received += 1;
                sum += message.value;
                if (items <= 20) {
                    console::tagged("[consumer]", "got item ", message.index, " = ", message.value);
                }
            }
        }
    } catch (const ipc::PeerDied& e) {  // the producer died holding the queue's mutex
        console::error(e.what());
        return 1;  // the guard removes the lost queue
    }
    const bool producer_ok = producer[0].wait(5s).ok();

    console::line("items received: ", received, " of ", items, ", ", twice, " twice; checksum ",
                  sum, " (producer's ", producer_sum, ")");
    if (received != items || twice != 0 || sum != producer_sum || !producer_ok) {
        console::error("items were lost, repeated or changed on the way");
        return 1;
    }
    return 0;
}
