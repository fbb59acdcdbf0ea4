#ifndef ISMS_CLIBGIT2_SHIM_H
#define ISMS_CLIBGIT2_SHIM_H
#include <git2.h>
#include "loose_guard.h"

// git_libgit2_opts is C-variadic and so unavailable from Swift: one wrapper per option we use.
static inline int isms_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
// git itself does not re-hash every object it reads (only fsck does); libgit2's default of doing so doubled the walk.
static inline int isms_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
// libgit2 caches trees only up to 4 KiB by default; an ISMS folder of a thousand documents is a 40 KiB tree read
// several times per commit of a walk.
static inline int isms_git_set_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}
// A bounded object cache: the default 256 MiB made a cold walk of 20,000 commits peak at 0.8 GiB.
static inline int isms_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}
// Freed memory handed back to the system (glibc keeps it resident otherwise, each thread's arena apart). The isms
// binary allocates with jemalloc (Sources/Allocator), found here by name so that nothing else need link it: its
// arenas' unused pages are purged instead.
#ifdef __GLIBC__
#include <malloc.h>
#include <dlfcn.h>
static inline void isms_release_freed_memory(void) {
    typedef int (*mallctl_t)(const char *, void *, size_t *, void *, size_t);
    mallctl_t mallctl = (mallctl_t)dlsym(RTLD_DEFAULT, "mallctl");
    // 4096 is MALLCTL_ARENAS_ALL: every arena.
    if (mallctl) { (void)mallctl("arena.4096.purge", NULL, NULL, NULL, 0); return; }
    (void)malloc_trim(0);
}
#else
static inline void isms_release_freed_memory(void) {}
#endif
#endif
