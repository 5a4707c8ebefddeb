#include "cookbook/work.hpp"

#include <algorithm>

#include "cookbook/trace.hpp"

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

long count_primes_in_block(std::uint64_t limit, std::uint64_t block) {
    const std::uint64_t first = block * block_size;
    return first < limit ? count_primes(first, std::min(limit, first + block_size)) : 0;
}

long count_primes_in_share(std::uint64_t limit, int worker, int workers) {
    const trace::Span span("counting primes (one share)", "work");  // for --trace
    long count = 0;
    for (auto block = static_cast<std::uint64_t>(worker); block * block_size < limit;
         block += static_cast<std::uint64_t>(workers)) {
        count += count_primes_in_block(limit, block);
    }
    return count;
}

}  // namespace cookbook::work
