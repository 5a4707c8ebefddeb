// Starting several threads so that they really run together, safely.
#pragma once

#include <functional>
#include <vector>

namespace cookbook {

// Runs each body on a thread of its own, and returns when all have finished. The bodies start
// together, once every thread exists -- so that they overlap, and so that a body that waits
// for another (at a barrier, say) never waits for a thread that could not be started. If one
// cannot (std::system_error: out of threads), no body runs, the threads already started are
// joined, and the error is thrown here.
void run_together(const std::vector<std::function<void()>>& bodies);

}  // namespace cookbook
