#ifndef ISMS_CLIBGIT2_LOOSE_GUARD_H
#define ISMS_CLIBGIT2_LOOSE_GUARD_H
// A guard for loose objects, read before libgit2's own loose backend.
//
// libgit2 1.5.1 loops forever inflating a truncated loose object (libgit2 issue 7342, fixed by PR 7346), and
// later versions fail with a message that names no object. This backend reads loose objects itself, inflating
// with plain zlib under a bound, so a damaged object is always an error that names it and says what to do.
// It sits behind the pack backend (same priority, added later: libgit2's stable sort keeps it after), so an
// object that is also packed is read from the pack, as git does.
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <zlib.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ISMS_CORRUPT_OBJECT_PREFIX "corrupt git object "

// The message about a damaged object is also copied into `report` (a buffer the caller owns, ISMS_CORRUPT_MESSAGE_SIZE
// bytes): libgit2 replaces a backend's message in some callers (peeling HEAD says only "cannot retrieve reference
// target"), so GitKit's error reader looks there first.
#define ISMS_CORRUPT_MESSAGE_SIZE 4608

typedef struct {
    git_odb_backend parent;
    char *objects; // the objects folder
    char *report;
} isms_loose_guard;

static inline void isms_lg_path(char *out, size_t cap, const isms_loose_guard *g, const git_oid *id) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, id);
    snprintf(out, cap, "%s/%.2s/%s", g->objects, hex, hex + 2);
}

static inline int isms_lg_corrupt(git_odb_backend *backend, const git_oid *id, const char *path, const char *why) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, id);
    char *message = ((isms_loose_guard *)backend)->report;
    snprintf(message, ISMS_CORRUPT_MESSAGE_SIZE,
             ISMS_CORRUPT_OBJECT_PREFIX "%s: its file %s %s. Run `git fsck` to list the damage, then restore the "
             "object from another clone or a backup (see `git help fsck`)", hex, path, why);
    git_error_set_str(GIT_ERROR_ODB, message);
    return GIT_ERROR;
}

// The whole loose file, or GIT_PASSTHROUGH when there is none we can open (libgit2 then decides).
static inline int isms_lg_slurp(const char *path, unsigned char **out, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return GIT_PASSTHROUGH;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) { close(fd); return GIT_PASSTHROUGH; }
    size_t size = (size_t)st.st_size;
    unsigned char *buf = malloc(size ? size : 1);
    if (!buf) { close(fd); return GIT_PASSTHROUGH; }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fd);
    *out = buf;
    *len = got;
    return 0;
}

// Inflates a loose object. With `body` NULL only the header is read. Never loops without progress:
// zlib returns Z_BUF_ERROR when the input ends early, and that ends the loop.
static inline int isms_lg_inflate(git_odb_backend *backend, const git_oid *id, const char *path,
                                  const unsigned char *in, size_t in_len,
                                  void **body, size_t *len_p, git_object_t *type_p) {
    // A loose object is one zlib stream (RFC 1950 header: CM 8, check bits); anything else git cannot read either.
    if (in_len < 2 || (in[0] & 0x8F) != 0x08 || ((in[0] << 8) + in[1]) % 31 != 0)
        return isms_lg_corrupt(backend, id, path, in_len == 0 ? "is empty" : "is not a zlib stream");
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) return GIT_PASSTHROUGH;
    unsigned char head[64];
    z.next_in = (Bytef *)in;
    z.avail_in = in_len > UINT_MAX ? UINT_MAX : (uInt)in_len;
    z.next_out = head;
    z.avail_out = sizeof head;
    int ret = inflate(&z, Z_SYNC_FLUSH);
    size_t produced = sizeof head - z.avail_out;
    unsigned char *nul = memchr(head, 0, produced);
    if ((ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) || nul == NULL) {
        inflateEnd(&z);
        return isms_lg_corrupt(backend, id, path, ret == Z_DATA_ERROR ? "is damaged (zlib data error)" : "is truncated (the header ends early)");
    }
    // "<type> <size>\0"
    char *space = memchr(head, ' ', (size_t)(nul - head));
    git_object_t type = GIT_OBJECT_INVALID;
    size_t size = 0;
    int sane = space != NULL && nul > (unsigned char *)space + 1;
    if (sane) {
        char name[16];
        size_t n = (size_t)((unsigned char *)space - head);
        if (n >= sizeof name) sane = 0;
        else {
            memcpy(name, head, n);
            name[n] = 0;
            type = git_object_string2type(name);
            sane = type == GIT_OBJECT_BLOB || type == GIT_OBJECT_TREE || type == GIT_OBJECT_COMMIT || type == GIT_OBJECT_TAG;
        }
        for (unsigned char *p = (unsigned char *)space + 1; sane && p < nul; p++) {
            if (*p < '0' || *p > '9' || size > (SIZE_MAX - 9) / 10) sane = 0;
            else size = size * 10 + (size_t)(*p - '0');
        }
    }
    // Deflate expands at most about 1032:1, so a size beyond that is a damaged header, not a reason to allocate.
    if (sane && size / 1032 > in_len + 64) sane = 0;
    if (!sane) { inflateEnd(&z); return isms_lg_corrupt(backend, id, path, "has a damaged header"); }
    *type_p = type;
    *len_p = size;
    if (body == NULL) { inflateEnd(&z); return 0; }

    size_t header_len = (size_t)(nul - head) + 1, early = produced - header_len;
    if (early > size) { inflateEnd(&z); return isms_lg_corrupt(backend, id, path, "holds more than its header says"); }
    unsigned char *data = git_odb_backend_data_alloc(backend, size + 1);
    if (data == NULL) { inflateEnd(&z); return GIT_ERROR; }
    memcpy(data, nul + 1, early);
    size_t have = early;
    // One spare byte: an object longer than its header says fills it.
    while (ret == Z_OK && have <= size) {
        size_t room = size + 1 - have;
        z.next_out = data + have;
        z.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        uInt before = z.avail_out;
        ret = inflate(&z, Z_FINISH);
        have += before - z.avail_out;
        if (ret == Z_BUF_ERROR && before != z.avail_out) ret = Z_OK; // progress made; go round again
    }
    size_t trailing = z.avail_in;
    inflateEnd(&z);
    const char *why = NULL;
    if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT) why = "is damaged (zlib data error)";
    else if (ret != Z_STREAM_END && have <= size) why = "is truncated (the compressed data ends early)";
    else if (have != size) why = have > size ? "holds more than its header says" : "holds less than its header says";
    else if (trailing > 0) why = "has data after the end of the object";
    if (why) { git_odb_backend_data_free(backend, data); return isms_lg_corrupt(backend, id, path, why); }
    data[size] = 0;
    *body = data;
    return 0;
}

static inline int isms_lg_read_any(void **data, size_t *len_p, git_object_t *type_p, git_odb_backend *backend, const git_oid *id) {
    char path[4096];
    isms_lg_path(path, sizeof path, (isms_loose_guard *)backend, id);
    unsigned char *raw = NULL;
    size_t raw_len = 0;
    if (isms_lg_slurp(path, &raw, &raw_len) != 0) return GIT_PASSTHROUGH;
    int error = isms_lg_inflate(backend, id, path, raw, raw_len, data, len_p, type_p);
    free(raw);
    return error;
}

static inline int isms_lg_read(void **data, size_t *len_p, git_object_t *type_p, git_odb_backend *backend, const git_oid *id) {
    return isms_lg_read_any(data, len_p, type_p, backend, id);
}

static inline int isms_lg_read_header(size_t *len_p, git_object_t *type_p, git_odb_backend *backend, const git_oid *id) {
    return isms_lg_read_any(NULL, len_p, type_p, backend, id);
}

// An id, full or abbreviated, as `git rev-parse` takes it: the one loose match is read here, in full. (libgit2 asks
// every backend for a prefix, its loose one too, so a damaged loose copy is an error here even when a pack holds the
// object: the error names the file, where libgit2 would fail without a name or, in 1.5.1, loop.)
static inline int isms_lg_read_prefix(git_oid *out, void **data, size_t *len_p, git_object_t *type_p,
                                      git_odb_backend *backend, const git_oid *short_id, size_t len) {
    if (len >= GIT_OID_HEXSZ) {
        int e = isms_lg_read_any(data, len_p, type_p, backend, short_id);
        if (e == 0) git_oid_cpy(out, short_id);
        return e;
    }
    if (len < 2) return GIT_PASSTHROUGH;
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, short_id);
    hex[len] = 0;
    isms_loose_guard *g = (isms_loose_guard *)backend;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%.2s", g->objects, hex);
    git_oid found;
    int matches = 0;
    // A small, bounded listing: one fan-out folder.
    DIR *d = opendir(dir);
    if (d == NULL) return GIT_PASSTHROUGH;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && matches < 2) {
        if (strlen(e->d_name) != GIT_OID_HEXSZ - 2 || strncmp(e->d_name, hex + 2, len - 2) != 0) continue;
        char full[GIT_OID_HEXSZ + 1];
        snprintf(full, sizeof full, "%.2s%s", hex, e->d_name);
        if (git_oid_fromstr(&found, full) == 0) matches++;
    }
    closedir(d);
    // Several loose matches: libgit2's own backend says it is ambiguous, reading none of them.
    if (matches != 1) return GIT_PASSTHROUGH;
    int err = isms_lg_read_any(data, len_p, type_p, backend, &found);
    if (err == 0) git_oid_cpy(out, &found);
    return err;
}

// libgit2 calls these on every backend without a NULL check in some versions: nothing to list, nothing to add.
static inline int isms_lg_foreach(git_odb_backend *backend, git_odb_foreach_cb cb, void *payload) {
    (void)backend; (void)cb; (void)payload;
    return 0;
}

static inline void isms_lg_free(git_odb_backend *backend) {
    isms_loose_guard *g = (isms_loose_guard *)backend;
    free(g->objects);
    free(g);
}

/// Adds the guard to `repo`'s object database; messages about damaged objects are also written to `report`
/// (ISMS_CORRUPT_MESSAGE_SIZE bytes, kept alive by the caller). Returns 0, or a libgit2 error code.
static inline int isms_git_add_loose_guard(git_repository *repo, char *report) {
    git_odb *odb = NULL;
    int error = git_repository_odb(&odb, repo);
    if (error < 0) return error;
    isms_loose_guard *g = calloc(1, sizeof *g);
    const char *common = git_repository_commondir(repo);
    size_t n = common ? strlen(common) : 0;
    if (g == NULL || common == NULL || (g->objects = malloc(n + sizeof "objects")) == NULL) {
        free(g);
        git_odb_free(odb);
        return GIT_ERROR;
    }
    g->report = report;
    snprintf(g->objects, n + sizeof "objects", "%s%sobjects", common, (n && common[n - 1] == '/') ? "" : "/");
    git_odb_init_backend(&g->parent, GIT_ODB_BACKEND_VERSION);
    g->parent.read = isms_lg_read;
    g->parent.read_header = isms_lg_read_header;
    g->parent.read_prefix = isms_lg_read_prefix;
    g->parent.foreach = isms_lg_foreach;
    g->parent.free = isms_lg_free;
    error = git_odb_add_backend(odb, &g->parent, 2);
    if (error < 0) isms_lg_free(&g->parent);
    git_odb_free(odb);
    return error;
}
#endif
