#ifndef ISMS_CLIBGIT2_SHIM_H
#define ISMS_CLIBGIT2_SHIM_H
#include <git2.h>

// git_libgit2_opts is C-variadic and so unavailable from Swift: one wrapper per option we use.
static inline int isms_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
#endif
