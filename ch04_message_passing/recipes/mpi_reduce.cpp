// Collective communication: reduce -- combine the ranks' arrays element by element at the root.
//
// Python: mpi4py's comm.Reduce(senddata, recvdata, root=0, op=MPI.SUM) on numpy arrays, with
//         senddata = (rank+1) * numpy.arange(10). (The book's version stopped working with
//         NumPy 1.24, which removed numpy.int.)
// C++:    boost::mpi::reduce(world, in, n, out, op, root), where op is any function object:
//         std::plus<int>() becomes MPI_SUM, boost::mpi::maximum<int>() MPI_MAX (a lambda works
//         too, as a user-defined operation). boost::mpi::all_reduce leaves the result on every
//         rank.
//
// Element i at the root is the sum over ranks r of (r+1) * i = i * N(N+1)/2; the maximum is
// N * i. Only the root gets reduce's result -- the book prints zeros on the other ranks --
// so the recipe also runs all_reduce, and every rank checks that one.
// Notice: the root's sum line is i * 10 for 4 ranks; the other ranks print nothing for reduce.
#include <boost/mpi/collectives/all_reduce.hpp>
#include <boost/mpi/collectives/reduce.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/mpi/operations.hpp>
#include <functional>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;
using mpi_ranks::show;

int main(int argc, char* argv[]) {
    int length = 10;
    cookbook::cli::Options options("ch04_mpi_reduce",
                                   "Sums and maxima at the root. Run: mpirun -n 4 ch04_mpi_reduce");
    options.count("length", length, "elements in each rank's array", 1, 1'000'000);
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_reduce")) {
        return 2;
    }
    const int root = 0, rank = world.rank(), n = world.size();
    std::vector<int> senddata(static_cast<std::size_t>(length));
    for (int i = 0; i < length; ++i) {
        senddata[i] = (rank + 1) * i;
    }
    std::vector<int> sum(senddata.size()), maximum(senddata.size()), all_sum(senddata.size());
    mpi::reduce(world, senddata.data(), length, sum.data(), std::plus<int>(), root);
    mpi::reduce(world, senddata.data(), length, maximum.data(), mpi::maximum<int>(), root);
    mpi::all_reduce(world, senddata.data(), length, all_sum.data(), std::plus<int>());

    bool ok = true;
    for (int i = 0; i < length; ++i) {
        ok = ok && all_sum[i] == i * n * (n + 1) / 2;
        if (rank == root) {
            ok = ok && sum[i] == i * n * (n + 1) / 2 && maximum[i] == n * i;
        }
    }
    if (rank == root && length <= 20) {
        console::line("on the root, after reduce: sum = ", show(sum));
        console::line("on the root, after reduce: max = ", show(maximum));
    }
    const int right = mpi_ranks::count_ok(world, ok);
    if (rank == root) {
        console::line("reduce at the root and all_reduce on every rank right: ", right, " of ", n,
                      " ranks");
    }
    return right == n ? 0 : 1;
}
