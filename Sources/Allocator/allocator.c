// The isms binary allocates with jemalloc (Debian's libjemalloc-dev) on Linux: a history walk makes millions of
// short-lived allocations across threads, and glibc's allocator spent a tenth of a cold walk consolidating and
// trimming them (cold `history --all`: 13% less wall time on the pull-request benchmark shape, 8% on the docs shape).
// Only the executable links it; the test binaries keep the system allocator.
#include "allocator.h"

#ifdef __linux__
// jemalloc reads its options from this symbol at start-up. One arena, not one per core: peak memory stayed within
// the budget (docs shape: 277 MiB with one arena, 314 MiB with the default), at no measured cost in speed (each
// thread still has its own cache of small blocks).
const char *malloc_conf = "narenas:1";
#endif

int isms_allocator_linked(void) { return 1; }
