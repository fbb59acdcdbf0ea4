#ifndef ISMS_CLIBGIT2_SHIM_H
#define ISMS_CLIBGIT2_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE // dl_iterate_phdr (link.h)
#endif
#include <git2.h>
#include "loose_guard.h"
#include <link.h>
#include <string.h>

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
// The running program's GNU build id (the linker's hash of it, ELF note NT_GNU_BUILD_ID): what ties a cache to the
// build that wrote it. Read from the program's own loaded notes, no file read.
struct isms_build_id { unsigned char bytes[64]; size_t count; };
static int isms_build_id_of_program(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct isms_build_id *out = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type != PT_NOTE) continue;
        const unsigned char *p = (const unsigned char *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
        const unsigned char *end = p + info->dlpi_phdr[i].p_memsz;
        while (p + 12 <= end) {
            unsigned int nameSize, descSize, type;
            memcpy(&nameSize, p, 4); memcpy(&descSize, p + 4, 4); memcpy(&type, p + 8, 4);
            const unsigned char *desc = p + 12 + ((nameSize + 3) & ~3u);
            if (desc + descSize > end) break;
            if (type == 3 && nameSize == 4 && memcmp(p + 12, "GNU", 4) == 0 && descSize <= sizeof out->bytes) {
                memcpy(out->bytes, desc, descSize);
                out->count = descSize;
                return 1;
            }
            p = desc + ((descSize + 3) & ~3u);
        }
    }
    return 1; // the first object is the program itself
}
static inline size_t isms_program_build_id(unsigned char *bytes, size_t capacity) {
    struct isms_build_id id = { {0}, 0 };
    dl_iterate_phdr(isms_build_id_of_program, &id);
    size_t n = id.count < capacity ? id.count : capacity;
    memcpy(bytes, id.bytes, n);
    return n;
}

#endif
