// LeakSanitizer settings for the MPI recipes, compiled into every MPI recipe of an
// AddressSanitizer build (cookbook_recipe(... MPI) in cmake/Cookbook.cmake). Open MPI is not built
// with the sanitizers, and allocates memory in MPI_Init that it never frees -- by design: the
// process ends right after MPI_Finalize. LSan would report each of those blocks as a leak and fail
// every MPI run.
//
// 1. __lsan_default_suppressions(): LSan adds these patterns to any given in LSAN_OPTIONS, so
//    they hold even when ASAN_OPTIONS says detect_leaks=1. A pattern matches a leak when a
//    frame of the allocation's stack lies in that library (or is that function): only memory
//    allocated inside Open MPI is ignored; a leak in a recipe's own code is still reported.
// 2. __asan_default_options(): the full stack of every allocation (the slow unwinder). The
//    fast one stops at the first frame built without frame pointers -- inside Open MPI's
//    plug-ins, which are unloaded before the leak check and so have no name -- and never
//    reaches the libmpi frames above them that the patterns match. ASAN_OPTIONS still wins
//    for any option it names; CI's (detect_leaks=1 halt_on_error=1) does not name this one.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libmpi.so\n"
           "leak:libopen-pal.so\n"
           "leak:libopen-rte.so\n"
           "leak:libhwloc.so\n"
           "leak:libpmix.so\n"
           "leak:libevent\n";
}

extern "C" const char* __asan_default_options() {
    return "fast_unwind_on_malloc=0";
}

extern "C" const char* __lsan_default_options() {
    return "print_suppressions=0";  // no table of the suppressed Open MPI blocks on every run
}
