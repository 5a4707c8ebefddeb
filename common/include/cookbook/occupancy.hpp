// Measuring a readers-writer lock from inside: who is in the section, and what they saw.
// Chapter 5's reader_writer (threads) and process_reader_writer (processes) share it; the
// locks themselves, the lesson, are in the recipes. Atomics only, so that it works between
// threads and in shared memory.
//
//   occupancy.reader_in(); ... read ...; occupancy.reader_out();   // with a read lock held
//   occupancy.writer_in(); ... write ...; occupancy.writer_out();  // with the write lock held
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"  // raise_to

namespace cookbook {

// Each side raises its own count, then reads the other's: with the default (seq_cst) order,
// at least one of a reader and a writer that enter together sees the other. Weakened to
// acquire/release, both could read the other's old 0 (the store-buffering pattern), and a
// writer with company would go unseen.
struct Occupancy {
    std::atomic<int> readers{0}, writers{0}, most_readers{0}, violations{0}, torn_reads{0};

    void reader_in() {
        raise_to(most_readers, readers.fetch_add(1) + 1);
        violations.fetch_add(writers.load() != 0 ? 1 : 0);
    }
    void reader_out() { readers.fetch_sub(1); }
    void writer_in() { violations.fetch_add(writers.fetch_add(1) != 0 || readers.load() != 0); }
    void writer_out() { writers.fetch_sub(1); }
};

// What the lock guards: two numbers that a write changes one after the other, with a pause
// between, so that a reader who slipped into a write would see them differ (a torn read).
struct Document {
    long version = 0, copy = 0;  // copy == version, except in the middle of a write
};

// A read and a write, each called with the right lock held; `hold` is how long a read takes.
inline void read_document(Document& doc, Occupancy& occupancy, std::chrono::milliseconds hold) {
    occupancy.reader_in();
    std::this_thread::sleep_for(hold);  // stands in for a slow read
    occupancy.torn_reads.fetch_add(doc.version != doc.copy ? 1 : 0);
    occupancy.reader_out();
}
inline void write_document(Document& doc, Occupancy& occupancy, std::chrono::milliseconds hold) {
    occupancy.writer_in();
    ++doc.version;
    std::this_thread::sleep_for(std::chrono::microseconds(hold) / 2);  // half-written meanwhile
    doc.copy = doc.version;
    occupancy.writer_out();
}

// Prints one line ("<what>: most readers inside at once: ..."); true if readers overlapped,
// no writer had company, no read was torn and the document reached version `rounds`.
inline bool report(const char* what, const Occupancy& occupancy, const Document& doc, int rounds) {
    console::line(what, ": most readers inside at once: ", occupancy.most_readers.load(),
                  "; writers with company: ", occupancy.violations.load(),
                  "; torn reads: ", occupancy.torn_reads.load(), "; version: ", doc.version, " of ",
                  rounds);
    return occupancy.most_readers.load() > 1 && occupancy.violations.load() == 0 &&
           occupancy.torn_reads.load() == 0 && doc.version == rounds;
}

}  // namespace cookbook
