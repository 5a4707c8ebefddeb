// CPU work for the recipes and benchmarks that spread computing over threads or processes:
// real work, whose result can be checked (and is the same in the benchmarks' Python twins).
#pragma once

#include <cstdint>

namespace cookbook::work {

// True if n is prime, by trial division: about sqrt(n) / 2 steps for a prime.
bool is_prime(std::uint64_t n);

// How many primes lie in [first, last). Larger numbers cost more, so equal ranges are not
// equal work.
long count_primes(std::uint64_t first, std::uint64_t last);

}  // namespace cookbook::work
