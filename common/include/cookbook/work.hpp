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

// Counting the primes below `limit` split between `workers`: the numbers go in blocks of
// block_size, dealt round-robin like cards, so worker w counts blocks w, w + workers, ... Equal
// ranges would give the last worker the most work; single numbers dealt round-robin would give
// one worker every even number; blocks give every worker small numbers and large alike.
constexpr std::uint64_t block_size = 1000;
long count_primes_in_block(std::uint64_t limit, std::uint64_t block);  // the block's primes
long count_primes_in_share(std::uint64_t limit, int worker, int workers);

}  // namespace cookbook::work
