// Collective communication: gather -- one value from every rank, collected at the root.
//
// Python: mpi4py's data = comm.gather((rank+1)**2, root=0): a list on the root, None elsewhere.
// C++:    boost::mpi::gather(world, value, values, root): `values` is filled on the root only,
//         in rank order. boost::mpi::all_gather gives every rank the whole vector.
//
// The root of a gather is the only one that can check the result; all_gather (a gather plus a
// broadcast, done in one step) lets every rank check it, which this recipe does.
// Notice: the root lists what it received from each process, in rank order, whatever order
// the ranks ran in.
#include <boost/mpi/collectives/all_gather.hpp>
#include <boost/mpi/collectives/gather.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    cookbook::cli::Options options(
        "ch04_mpi_gather", "Gathers (rank+1)^2 at rank 0. Run: mpirun -n 4 ch04_mpi_gather");
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_gather")) {
        return 2;
    }
    const int root = 0;
    const int rank = world.rank();
    const int data = (rank + 1) * (rank + 1);
    std::vector<int> expected;
    for (int r = 0; r < world.size(); ++r) {
        expected.push_back((r + 1) * (r + 1));
    }

    std::vector<int> gathered;  // filled on the root only
    mpi::gather(world, data, gathered, root);
    std::vector<int> everyone;  // filled on every rank
    mpi::all_gather(world, data, everyone);

    bool ok = everyone == expected;
    if (rank == root) {
        std::string shown;
        for (int i = 1; i < world.size(); ++i) {
            console::line("process 0 receiving ", gathered[i], " from process ", i);
        }
        for (int value : gathered)
            shown += console::concat(" ", value);
        ok = ok && gathered == expected;
        console::line("root gathered:", shown);
    }
    const int right = mpi_ranks::count_ok(world, ok);
    if (rank == root) {
        console::line(
            "ranks whose gathered values check out (gather at the root, all_gather everywhere): ",
            right, " of ", world.size());
    }
    return right == world.size() ? 0 : 1;
}
