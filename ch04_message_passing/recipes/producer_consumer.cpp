// Producer and consumer processes sharing one queue.
//
// Python: several multiprocessing.Process producers put() and consumers get() on one Queue,
//         and a sentinel per consumer (None, 'DONE') tells it to stop.
// C++:    boost::interprocess::message_queue shared by P producer and C consumer processes (this
//         program, re-run with --child); a second queue carries each one's report to the parent.
//
// Every item carries its own check value, computed by the producer from the item's value; a
// consumer recomputes it, so an item damaged on the way would be counted as bad. Each side
// also adds up the values it saw: the producers' total and the consumers' total must agree.
// The stop protocol: the parent waits for the producers to finish, then sends one stop
// message per consumer -- only then is "no more items" true. Every receive has a bound.
// Notice: how the items spread over the consumers changes from run to run; the totals do not.
#include <boost/interprocess/ipc/message_queue.hpp>
#include <cstdint>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

enum Kind : int { item, stop, produced, consumed };
struct Message {
    Kind kind;
    int from;             // the producer (items, reports) or consumer (reports)
    long count;           // reports: how many items
    std::uint64_t value;  // items: the value; reports: the sum of the values
    std::uint64_t check;  // items: check_of(value); consumer reports: items that failed it
};

std::uint64_t value_of(int producer, long seq) {
    return (std::uint64_t(producer) << 40) + seq * 2654435761u;
}
std::uint64_t check_of(std::uint64_t v) {
    return (v ^ (v >> 29)) * 0xbf58476d1ce4e5b9ULL;
}

// Absolute deadlines on the real-time clock (see ipc::deadline_in).
using cookbook::ipc::deadline_in;

bool send(bip::message_queue& queue, const Message& message) {
    return queue.timed_send(&message, sizeof message, 0, deadline_in(10s));
}

int run_producer(int number, long items, bip::message_queue& work, bip::message_queue& reports) {
    std::uint64_t sum = 0;
    for (long seq = 0; seq < items; ++seq) {
        const std::uint64_t value = value_of(number, seq);
        sum += value;
        if (!send(work, {item, number, seq, value, check_of(value)})) {
            return 1;  // the queue stayed full for 10 s: the consumers are gone
        }
    }
    console::tagged("[producer " + std::to_string(number) + "]", "sent ", items, " items");
    return send(reports, {produced, number, items, sum, 0}) ? 0 : 1;
}

int run_consumer(int number, bip::message_queue& work, bip::message_queue& reports) {
    long count = 0, bad = 0;
    std::uint64_t sum = 0;
    while (true) {
        Message message{};
        bip::message_queue::size_type size = 0;
        unsigned priority = 0;
        if (!work.timed_receive(&message, sizeof message, size, priority, deadline_in(10s))) {
            console::error("consumer ", number, ": nothing for 10 s and no stop message");
            return 1;
        }
        if (message.kind == stop) {
            break;
        }
        count += 1;
        sum += message.value;
        bad += (size != sizeof message || check_of(message.value) != message.check) ? 1 : 0;
    }
    console::tagged("[consumer " + std::to_string(number) + "]", "took ", count, " items");
    return send(reports, {consumed, number, count, sum, std::uint64_t(bad)}) ? 0 : 1;
}

}  // namespace

int main(int argc, char* argv[]) {
    int producers = 2, consumers = 3, capacity = 64;
    long items = 20000;
    std::string role, work_name, report_name;
    int number = -1;
    cookbook::cli::Options options("ch04_producer_consumer",
                                   "P producer and C consumer processes, one message_queue.");
    options.count("producers", producers, "producer processes", 1, 32)
        .count("consumers", consumers, "consumer processes", 1, 32)
        .count("items", items, "items per producer", 1, 10'000'000)
        .count("capacity", capacity, "messages the work queue can hold", 1, 100'000)
        .internal("child", role)
        .internal("number", number)
        .internal("work", work_name)
        .internal("reports", report_name);
    options.parse(argc, argv);
    if (!role.empty()) {
        bip::message_queue work(bip::open_only, work_name.c_str());
        bip::message_queue reports(bip::open_only, report_name.c_str());
        return role == "producer" ? run_producer(number, items, work, reports)
                                  : run_consumer(number, work, reports);
    }

    // The parent: it creates both queues (its guards remove them) and starts the children.
    work_name = cookbook::ipc::unique_name("work");
    report_name = cookbook::ipc::unique_name("reports");
    cookbook::ipc::remove_guard<bip::message_queue> remove_work(work_name),
        remove_reports(report_name);
    bip::message_queue work(bip::create_only, work_name.c_str(), capacity, sizeof(Message));
    bip::message_queue reports(bip::create_only, report_name.c_str(), producers + consumers,
                               sizeof(Message));
    auto start = [&](const char* what, int i) {
        return cookbook::Child::self({"--child", what, "--number", std::to_string(i), "--items",
                                      std::to_string(items), "--work", work_name, "--reports",
                                      report_name});
    };
    std::vector<cookbook::Child> consumer_processes, producer_processes;
    for (int c = 0; c < consumers; ++c)
        consumer_processes.push_back(start("consumer", c));
    for (int p = 0; p < producers; ++p)
        producer_processes.push_back(start("producer", p));

    bool children_ok = true;
    for (auto& producer : producer_processes) {
        children_ok = producer.wait(30s).ok() && children_ok;
    }
    for (int c = 0; c < consumers; ++c) {  // every item is in the queue: now stop the consumers
        children_ok = send(work, {stop, -1, 0, 0, 0}) && children_ok;
    }
    long sent = 0, taken = 0, bad = 0;
    std::uint64_t sent_sum = 0, taken_sum = 0;
    for (int r = 0; r < producers + consumers; ++r) {
        Message report{};
        bip::message_queue::size_type size = 0;
        unsigned priority = 0;
        if (!reports.timed_receive(&report, sizeof report, size, priority, deadline_in(10s))) {
            console::error("a report did not come within 10 s");
            return 1;  // the guards remove the queues; ~Child ends what still runs
        }
        if (report.kind == produced) {
            sent += report.count;
            sent_sum += report.value;
        } else {
            taken += report.count;
            taken_sum += report.value;
            bad += static_cast<long>(report.check);
        }
    }
    for (auto& consumer : consumer_processes) {
        children_ok = consumer.wait(10s).ok() && children_ok;
    }

    console::line("checksum produced ", sent_sum, ", consumed ", taken_sum);
    console::line("items produced: ", sent, ", consumed: ", taken, ", failed their check: ", bad,
                  "; checksums equal: ", sent_sum == taken_sum ? "yes" : "no");
    if (sent != long(producers) * items || taken != sent || bad != 0 || sent_sum != taken_sum ||
        !children_ok) {
        console::error("items were lost, repeated or damaged, or a process failed");
        return 1;
    }
    return 0;
}
