#include "cookbook/work.hpp"

namespace cookbook::work {

bool is_prime(std::uint64_t n) {
    if (n < 4 || n % 2 == 0) {
        return n == 2 || n == 3;
    }
    for (std::uint64_t d = 3; d * d <= n; d += 2) {
        if (n % d == 0) {
            return false;
        }
    }
    return true;
}

long count_primes(std::uint64_t first, std::uint64_t last) {
    long count = 0;
    for (std::uint64_t n = first; n < last; ++n) {
        count += is_prime(n) ? 1 : 0;
    }
    return count;
}

}  // namespace cookbook::work
