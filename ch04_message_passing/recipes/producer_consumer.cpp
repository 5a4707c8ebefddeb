// Producer and consumer processes sharing one queue.
//
// Python: several multiprocessing.Process producers put() and consumers get() on one Queue,
//         and a sentinel per consumer (None, 'DONE') tells it to stop.
// C++:    boost::interprocess::message_queue shared by P producer and C consumer processes (this
//         program, re-run with --child); a second queue carries each one's report to the parent.
//
// Each item carries a check value the consumer recomputes, and both sides add up the values
// they saw: the totals must agree. The stop protocol: the parent waits for the producers to
// finish, then sends one stop message per consumer -- only then is "no more items" true.
// Every send and receive is bounded, and never sleeps inside the queue (see queue).
// Notice: how the items spread over the consumers changes from run to run; the totals do not.
#include <boost/interprocess/ipc/message_queue.hpp>
#include <cstdint>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/message_queue.hpp"
#include "cookbook/trace.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
namespace ipc = cookbook::ipc;
using namespace std::chrono_literals;

namespace {

enum Kind : int { item, stop, produced, consumed };
struct Message {
    Kind kind;
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

bool send(bip::message_queue& queue, const Message& message) {
    return ipc::send_within(queue, message, 10s) == ipc::Transfer::done;
}

int run_producer(int number, long items, bip::message_queue& work, bip::message_queue& reports) {
    std::uint64_t sum = 0;
    for (long seq = 0; seq < items; ++seq) {
        const std::uint64_t value = value_of(number, seq);
        sum += value;
        if (!send(work, {item, seq, value, check_of(value)})) {
            return 1;  // the queue stayed full for 10 s: the consumers are gone
        }
    }
    console::tagged("[producer " + std::to_string(number) + "]", "sent ", items, " items");
    return send(reports, {produced, items, sum, 0}) ? 0 : 1;
}

int run_consumer(int number, bip::message_queue& work, bip::message_queue& reports) {
    long count = 0, bad = 0;
    std::uint64_t sum = 0;
    while (true) {
        Message message{};
        if (ipc::receive_within(work, message, 10s) != ipc::Transfer::done) {
            console::error("consumer ", number, ": nothing for 10 s and no stop message");
            return 1;
        }
        if (message.kind == stop) {
            break;
        }
        count += 1;
        sum += message.value;
        bad += check_of(message.value) != message.check ? 1 : 0;
    }
    console::tagged("[consumer " + std::to_string(number) + "]", "took ", count, " items");
    return send(reports, {consumed, count, sum, std::uint64_t(bad)}) ? 0 : 1;
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
    if (!role.empty()) {  // (with --trace FILE, each child's lane has its role's name)
        cookbook::trace::name_thread(role + " " + std::to_string(number));
        bip::message_queue work(bip::open_only, work_name.c_str());
        bip::message_queue reports(bip::open_only, report_name.c_str());
        return role == "producer" ? run_producer(number, items, work, reports)
                                  : run_consumer(number, work, reports);
    }

    // The parent: it creates both queues (its guards remove them) and starts the children.
    work_name = ipc::unique_name("work");
    report_name = ipc::unique_name("reports");
    ipc::remove_guard<bip::message_queue> remove_work(work_name), remove_reports(report_name);
    bip::message_queue work(bip::create_only, work_name.c_str(), capacity, sizeof(Message));
    bip::message_queue reports(bip::create_only, report_name.c_str(), producers + consumers,
                               sizeof(Message));
    auto start = [&](const char* what, int i) {  // our options, and what the child is
        return cookbook::Child::self(
            options.arguments({"--child", what, "--number", std::to_string(i), "--work", work_name,
                               "--reports", report_name}));
    };
    std::vector<cookbook::Child> consumer_processes, producer_processes;
    for (int c = 0; c < consumers; ++c)
        consumer_processes.push_back(start("consumer", c));
    for (int p = 0; p < producers; ++p)
        producer_processes.push_back(start("producer", p));

    bool children_ok = cookbook::wait_all(producer_processes, 30s);  // each failure is told
    for (int c = 0; c < consumers; ++c) {  // every item is in the queue: now stop the consumers
        children_ok = send(work, {stop, 0, 0, 0}) && children_ok;
    }
    children_ok = cookbook::wait_all(consumer_processes, 10s) && children_ok;  // reports sent
    long count[4] = {}, bad = 0;  // items produced and consumed, by report kind
    std::uint64_t sum[4] = {};    // and the sums of their values
    Message report{};
    while (ipc::receive_within(reports, report, 0ms) == ipc::Transfer::done) {  // all are here
        count[report.kind] += report.count;
        sum[report.kind] += report.value;
        bad += static_cast<long>(report.check);  // 0 in a producer's report
    }
    console::line("checksum produced ", sum[produced], ", consumed ", sum[consumed]);
    console::line("items produced: ", count[produced], ", consumed: ", count[consumed],
                  ", failed their check: ", bad,
                  "; checksums equal: ", sum[produced] == sum[consumed] ? "yes" : "no");
    if (count[produced] != long(producers) * items || count[consumed] != count[produced] ||
        bad != 0 || sum[produced] != sum[consumed] || !children_ok) {
        console::error("items were lost, repeated or damaged, or a process failed");
        return 1;
    }
    return 0;
}
