// ThreadSanitizer reports that are not bugs of the cookbook, suppressed by name. Compiled into
// every program of a ThreadSanitizer build (common/CMakeLists.txt); TSan calls
// __tsan_default_suppressions() at start-up, whatever TSAN_OPTIONS says. Each entry matches
// only frames inside the named library code: a race in a recipe's own code is still reported.
//
// 1. boost::lockfree::queue (ch05 lockfree_queue): a popper reads the `next` link and the
//    payload of a node that a concurrent pop may already have returned to the free list and a
//    push rewritten. The tagged compare-and-swap that follows detects that and retries, so the
//    value read is never used, but the accesses are plain ones: TSan reports a race inside
//    Boost (boostorg/lockfree issue #78, open).
// 2. A robust interprocess_mutex whose holder died (ch05 process_lock --crash, file_lock):
//    pthread_mutex_timedlock then returns EOWNERDEAD ("you hold it now, but its last owner
//    died"); Boost unlocks it and throws lock_exception. TSan's interceptor for
//    pthread_mutex_timedlock treats only 0 as success (its pthread_mutex_trylock one knows
//    EOWNERDEAD), so it reports that unlock as "unlock of an unlocked mutex". The sanitizer
//    builds compile with -g1, which keeps no record of inlined calls: the report's stack may
//    then show the caller, cookbook::ipc::lock_within, instead of posix_mutex::timed_lock.
extern "C" const char* __tsan_default_suppressions() {
    return "race:boost::lockfree::queue\n"
           "mutex:boost::interprocess::ipcdetail::posix_mutex::timed_lock\n"
           "mutex:cookbook::ipc::lock_within\n";
}
