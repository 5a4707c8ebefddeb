// For the MPI recipes: what every one of them checks first, how it ends, and how it prints
// an array.
//
// The book's programs need exactly 6, 9 or 10 processes; these work with any number from
// `minimum` up, and say so clearly when started with fewer (plain `./ch04_mpi_x` runs one).
#pragma once

#include <boost/mpi/collectives/all_reduce.hpp>
#include <boost/mpi/communicator.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cookbook/console.hpp"

namespace mpi_ranks {

// False (after one error line, from rank 0) if the job has fewer than `minimum` processes.
inline bool at_least(const boost::mpi::communicator& world, int minimum,
                     const std::string& program) {
    if (world.size() >= minimum) {
        return true;
    }
    if (world.rank() == 0) {
        cookbook::console::error(program, " needs at least ", minimum, " MPI processes, got ",
                                 world.size(), ": run it as mpirun -n 4 ", program);
    }
    return false;
}

// How many ranks report `ok`: every rank learns the count (all_reduce), so all of them can
// exit with the same status -- and mpirun reports failure if any rank's check failed.
inline int count_ok(const boost::mpi::communicator& world, bool ok) {
    return boost::mpi::all_reduce(world, ok ? 1 : 0, std::plus<int>());
}

// "[0 3 6 9]": an array as the recipes print it.
inline std::string show(const std::vector<int>& values) {
    std::string text;
    for (int v : values) {
        text += cookbook::console::concat(text.empty() ? "" : " ", v);
    }
    return "[" + text + "]";
}

}  // namespace mpi_ranks
