// Point-to-point communication: one rank sends, one rank receives, matched by source and tag.
//
// Python: mpi4py's comm.send(data, dest=4) / comm.recv(source=0) -- lowercase, so any
//         picklable object. The book's program sends from rank 0 to rank 4 and from rank 1 to
//         rank 8, so it needs at least 9 processes.
// C++:    world.send(dest, tag, value) / world.recv(source, tag, value). An int (an MPI
//         datatype) goes as it is, and so does a std::vector of them (its size, then the raw
//         array); a std::string, or a vector of other types, is serialized by
//         Boost.Serialization, like mpi4py's pickle path.
//
// Here ranks work in pairs, 0-1, 2-3, ... (partner = rank ^ 1), so any number of processes
// from 2 up works; with an odd number the last rank has no partner and says so. The even rank
// sends a number (tag 1) and a string (tag 2); the odd rank receives them -- the string with
// any_source, to show that the status tells who sent it -- and answers with their sum (tag 3).
// Every rank checks what it received.
// Notice: a receive names a source and a tag; messages with other tags wait for their own recv.
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>  // lets Boost.MPI send std::string
#include <string>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;

namespace {
constexpr int number_tag = 1, text_tag = 2, reply_tag = 3;
}

int main(int argc, char* argv[]) {
    cookbook::cli::Options options(
        "ch04_mpi_point_to_point",
        "send/recv between pairs of ranks. Run: mpirun -n 4 ch04_mpi_point_to_point");
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_point_to_point")) {
        return 2;
    }
    const int rank = world.rank();
    const int partner = rank ^ 1;  // 0<->1, 2<->3, ...
    const std::string tag = "[rank " + std::to_string(rank) + "]";
    bool ok = true;

    if (partner >= world.size()) {
        console::tagged(tag, "has no partner (odd number of ranks) and sits this one out");
    } else if (rank % 2 == 0) {
        const int number = 10'000'000 + rank;
        world.send(partner, number_tag, number);
        world.send(partner, text_tag, "hello from rank " + std::to_string(rank));
        console::tagged(tag, "sent ", number, " and a string to rank ", partner);
        int reply = 0;
        world.recv(partner, reply_tag, reply);
        ok = reply == number + partner;
        console::tagged(tag, "got the reply ", reply, " from rank ", partner);
    } else {
        int number = 0;
        std::string text;
        world.recv(partner, number_tag, number);
        const mpi::status status = world.recv(mpi::any_source, text_tag, text);
        console::tagged(tag, "received ", number, " and \"", text, "\" from rank ",
                        status.source());
        ok = number == 10'000'000 + partner &&
             text == "hello from rank " + std::to_string(partner) && status.source() == partner;
        world.send(partner, reply_tag, number + rank);
    }

    const int right = mpi_ranks::count_ok(world, ok);
    if (rank == 0) {
        console::line("ranks whose messages arrived intact: ", right, " of ", world.size(), " (",
                      world.size() / 2, " pairs)");
    }
    return right == world.size() ? 0 : 1;
}
