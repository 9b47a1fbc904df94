/* SPDX-License-Identifier: BSD-2-Clause */
/* O_TMPFILE and linkat are Linux (GNU) extensions; the code falls back
 * to a named temporary file where they are missing. */
#define _GNU_SOURCE
#include <elf2dfu/output.h>

#include "internal.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct e2d_output {
    int fd;
    bool sync;      /* fsync before the rename */
    e2d_temp_hook temp_hook;
    void *temp_ctx;
    uint64_t reserved; /* bytes allocated up front by e2d_output_reserve */
    uint64_t written;  /* bytes handed to write(2) so far */
    bool anonymous; /* fd is an O_TMPFILE file: nothing to remove on failure */
    bool in_place;  /* fd is the destination itself: standard output, a
                       character device or a FIFO (nothing to replace) */
    bool keep_fd;   /* standard output: not ours to close */
    char *path;     /* destination to replace (a symbolic link's target);
                       NULL when in_place */
    char *tmp_path; /* a named temporary file that exists, or NULL */
    bool keep_mode; /* the destination exists: its permission bits are mode */
    uint32_t mode;
    uint8_t *buf;   /* small writes are batched */
    size_t used;
};

#define OUTPUT_BUF_SIZE (64u * 1024u)

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void temp_created(struct e2d_output *out)
{
    if (out->temp_hook)
        out->temp_hook(out->temp_ctx, out->tmp_path);
}

static void temp_gone(struct e2d_output *out)
{
    if (out->temp_hook)
        out->temp_hook(out->temp_ctx, NULL);
}

#define TMP_SUFFIX_LEN 11 /* ".tmp.xxxxxx" */

/* A name beside the destination that does not exist yet: the destination's
 * name and a suffix, the name shortened where both would not fit in one
 * directory entry (a 250-byte output name is valid; with the suffix it
 * would not be). */
static enum e2d_status fresh_name(struct e2d_output *out, unsigned attempt,
                                  struct e2d_error *err)
{
    size_t path_len = strlen(out->path), len = path_len + 32;
    const char *slash = strrchr(out->path, '/');
    size_t dir_len = slash ? (size_t)(slash - out->path) + 1 : 0;
    size_t base_len = path_len - dir_len;
    unsigned long seed = (unsigned long)getpid() ^ (unsigned long)time(NULL);
    char *name = malloc(len);

    if (!name)
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    if (base_len > NAME_MAX - TMP_SUFFIX_LEN)
        base_len = NAME_MAX - TMP_SUFFIX_LEN;
    snprintf(name, len, "%.*s.tmp.%06lx", (int)(dir_len + base_len), out->path,
             (unsigned long)((seed + (unsigned long)attempt * 7919ul) & 0xFFFFFFul));
    free(out->tmp_path);
    out->tmp_path = name;
    return E2D_OK;
}

/* No temporary name could be taken (errno says why): none is kept. */
static enum e2d_status temp_failed(struct e2d_output *out, const char *what,
                                   struct e2d_error *err)
{
    int e = errno;

    free(out->tmp_path);
    out->tmp_path = NULL;
    return e2d_fail(err, E2D_ERR_IO, "%s: %s", what, strerror(e));
}

/* Fallback where O_TMPFILE is not supported: a named file, removed on
 * failure. O_EXCL rather than mkstemp keeps the usual 0666 & ~umask mode. */
static enum e2d_status open_named(struct e2d_output *out, struct e2d_error *err)
{
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        enum e2d_status st = fresh_name(out, attempt, err);
        if (st != E2D_OK)
            return st;
        out->fd = open(out->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (out->fd >= 0) {
            temp_created(out);
            return E2D_OK;
        }
        if (errno != EEXIST)
            break;
    }
    return temp_failed(out, "cannot create the output file", err);
}

/* What an existing destination that is not a plain file means. Renaming
 * over /dev/null or a FIFO would replace the node itself (as root, a
 * system's /dev/null); renaming over a symbolic link would replace the link
 * instead of the file it names. */
static enum e2d_status special_destination(struct e2d_output *out, const char *path,
                                           struct e2d_error *err)
{
    struct stat sb, lsb;
    bool is_link = lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode);

    if (stat(path, &sb) != 0) {
        int e = errno;
        if (e == ENOENT && is_link)
            return e2d_fail(err, E2D_ERR_IO, "is a symbolic link to a missing file: "
                                             "create the file it names, or remove the link");
        if (e == ENOENT)
            return E2D_OK; /* does not exist (yet): created below */
        if (e == ELOOP)
            return e2d_fail(err, E2D_ERR_IO, "is a loop of symbolic links: remove or fix them");
        return e2d_fail(err, E2D_ERR_IO, "cannot look at the output: %s", strerror(e));
    }
    if (S_ISDIR(sb.st_mode))
        return e2d_fail(err, E2D_ERR_IO, "is a directory: give a file name with -o");
    if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode)) {
        out->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (out->fd < 0)
            return e2d_fail(err, E2D_ERR_IO, "cannot open the output: %s", strerror(errno));
        out->in_place = true;
        return E2D_OK;
    }
    if (!S_ISREG(sb.st_mode))
        return e2d_fail(err, E2D_ERR_IO, "exists and is not a regular file, a character "
                                         "device or a FIFO: will not replace it");
    /* The new file takes the old one's permissions, as an editor's save
     * does: a 0600 output stays private. */
    out->keep_mode = true;
    out->mode = (uint32_t)(sb.st_mode & 07777);
    if (is_link) {
        out->path = realpath(path, NULL);
        if (!out->path)
            return e2d_fail(err, E2D_ERR_IO, "cannot follow the symbolic link: %s",
                            strerror(errno));
    }
    return E2D_OK;
}

/* What no file system accepts, said before anything is written. */
static enum e2d_status check_path(const char *path, struct e2d_error *err)
{
    size_t n = path ? strlen(path) : 0;

    if (n == 0)
        return e2d_fail(err, E2D_ERR_ARG, "the output file name is empty");
    if (path[n - 1] == '/')
        return e2d_fail(err, E2D_ERR_ARG, "ends with '/', so it names a directory: give a file "
                                          "name (such as %sfirmware.dfu)",
                        path);
    return E2D_OK;
}

static void release(struct e2d_output *out);

enum e2d_status e2d_output_open(struct e2d_output **pout, const char *path,
                                const struct e2d_output_options *opts, struct e2d_error *err)
{
    enum e2d_status st = E2D_OK;
    struct e2d_output *out;
    char *dir;

    if (!pout)
        return e2d_fail(err, E2D_ERR_ARG, "no place for the output object given");
    *pout = NULL;
    if ((st = check_path(path, err)) != E2D_OK)
        return st;
    if (!(out = calloc(1, sizeof *out)))
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    out->fd = -1;
    if (opts) {
        out->sync = opts->sync;
        out->temp_hook = opts->temp_hook;
        out->temp_ctx = opts->temp_ctx;
    }
    out->buf = malloc(OUTPUT_BUF_SIZE);
    if (!out->buf) {
        release(out);
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    }
    if (strcmp(path, "-") == 0) {
        out->fd = STDOUT_FILENO;
        out->in_place = true;
        out->keep_fd = true;
        *pout = out;
        return E2D_OK;
    }
    if ((st = special_destination(out, path, err)) != E2D_OK) {
        release(out);
        return st;
    }
    if (out->in_place) {
        *pout = out;
        return E2D_OK;
    }
    if (!out->path)
        out->path = dup_str(path);
    dir = out->path ? dup_str(out->path) : NULL;
    if (!dir) {
        release(out);
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    }
#ifdef O_TMPFILE
    out->fd = open(dirname(dir), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    out->anonymous = out->fd >= 0;
    if (out->fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        st = e2d_fail(err, E2D_ERR_IO, "cannot create the output file: %s", strerror(errno));
    else if (out->fd < 0)
#endif
        st = open_named(out, err);
    free(dir);
    if (st != E2D_OK)
        release(out);
    else
        *pout = out;
    return st;
}

enum e2d_status e2d_output_reserve(struct e2d_output *out, uint64_t size,
                                   struct e2d_error *err)
{
    if (!out)
        return e2d_fail(err, E2D_ERR_ARG, "no output object given");
    if (out->in_place || size == 0)
        return E2D_OK; /* a pipe or a device: nothing to reserve */
    if (sizeof(off_t) < sizeof size && size > (uint64_t)INT32_MAX)
        return E2D_OK; /* 32-bit off_t: let write(2) say what it can do */
    if (fallocate(out->fd, 0, 0, (off_t)size) == 0) {
        out->reserved = size;
        return E2D_OK;
    }
    if (errno == EOPNOTSUPP || errno == ENOSYS || errno == EINVAL)
        return E2D_OK; /* the file system cannot: write(2) allocates as it goes */
    return e2d_fail(err, E2D_ERR_IO, "cannot write the output file (%llu bytes): %s",
                    (unsigned long long)size, strerror(errno));
}

static enum e2d_status write_all(struct e2d_output *out, const uint8_t *p, size_t len,
                                 struct e2d_error *err)
{
    out->written += len;
    while (len > 0) {
        ssize_t n = write(out->fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return e2d_fail(err, E2D_ERR_IO, "cannot write the output file: %s",
                            strerror(errno));
        }
        p += n;
        len -= (size_t)n;
    }
    return E2D_OK;
}

static enum e2d_status flush(struct e2d_output *out, struct e2d_error *err)
{
    enum e2d_status st = write_all(out, out->buf, out->used, err);
    out->used = 0;
    return st;
}

enum e2d_status e2d_output_write(void *ctx, const void *buf, size_t len,
                                 struct e2d_error *err)
{
    struct e2d_output *out = ctx;
    enum e2d_status st;

    if (!out || (len && !buf))
        return e2d_fail(err, E2D_ERR_ARG, "no output object or bytes given");
    if (len <= OUTPUT_BUF_SIZE - out->used) {
        memcpy(out->buf + out->used, buf, len);
        out->used += len;
        return E2D_OK;
    }
    if ((st = flush(out, err)) != E2D_OK)
        return st;
    /* Large payload goes straight from the input mapping to the file. */
    if (len >= OUTPUT_BUF_SIZE)
        return write_all(out, buf, len, err);
    memcpy(out->buf, buf, len);
    out->used = len;
    return E2D_OK;
}

/* Gives the anonymous file a temporary name, so it can be renamed over
 * the destination (linkat cannot replace an existing file). */
static enum e2d_status link_anonymous(struct e2d_output *out, struct e2d_error *err)
{
    char proc[64];

    snprintf(proc, sizeof proc, "/proc/self/fd/%d", out->fd);
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        enum e2d_status st = fresh_name(out, attempt, err);
        if (st != E2D_OK)
            return st;
        if (linkat(AT_FDCWD, proc, AT_FDCWD, out->tmp_path, AT_SYMLINK_FOLLOW) == 0) {
            temp_created(out);
            return E2D_OK;
        }
        if (errno != EEXIST)
            break;
    }
    return temp_failed(out, "cannot link the output file into place", err);
}

static enum e2d_status commit(struct e2d_output *out, struct e2d_error *err)
{
    enum e2d_status st = flush(out, err);

    if (st != E2D_OK)
        return st;
    if (out->in_place)
        return E2D_OK; /* closed by e2d_output_abort */
    if (out->reserved > out->written && ftruncate(out->fd, (off_t)out->written) != 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot trim the output file: %s", strerror(errno));
    if (out->keep_mode && fchmod(out->fd, (mode_t)out->mode) != 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot give the output file the old one's mode: %s",
                        strerror(errno));
    if (out->sync && fsync(out->fd) != 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot sync the output file: %s", strerror(errno));
    if (out->anonymous && (st = link_anonymous(out, err)) != E2D_OK)
        return st;
    if (close(out->fd) != 0) {
        out->fd = -1;
        return e2d_fail(err, E2D_ERR_IO, "cannot close the output file: %s", strerror(errno));
    }
    out->fd = -1;
    if (rename(out->tmp_path, out->path) != 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot rename the output file into place: %s",
                        strerror(errno));
    free(out->tmp_path);
    out->tmp_path = NULL;
    temp_gone(out);
    return E2D_OK;
}

enum e2d_status e2d_output_commit(struct e2d_output **pout, struct e2d_error *err)
{
    enum e2d_status st;

    if (!pout || !*pout)
        return e2d_fail(err, E2D_ERR_ARG, "no output object given (committed or aborted already?)");
    st = commit(*pout, err);
    release(*pout); /* after a failed commit: removes the temporary file */
    *pout = NULL;
    return st;
}

void e2d_output_abort(struct e2d_output **pout)
{
    if (!pout || !*pout)
        return;
    release(*pout);
    *pout = NULL;
}

/* Closes what is open, removes a temporary file left, frees the object. */
static void release(struct e2d_output *out)
{
    if (out->fd >= 0 && !out->keep_fd)
        close(out->fd);
    if (out->tmp_path) {
        unlink(out->tmp_path);
        temp_gone(out);
    }
    out->fd = -1;
    free(out->tmp_path);
    free(out->path);
    free(out->buf);
    free(out);
}

enum e2d_status e2d_output_file(const char *path, uint64_t size,
                                const struct e2d_output_options *opts, e2d_produce_fn produce,
                                void *ctx, struct e2d_error *err)
{
    struct e2d_output *out = NULL;
    enum e2d_status st;

    if (!produce)
        return e2d_fail(err, E2D_ERR_ARG, "nothing given to produce the file");
    st = e2d_output_open(&out, path, opts, err);

    if (st == E2D_OK)
        st = e2d_output_reserve(out, size, err);
    if (st == E2D_OK)
        st = produce(ctx, e2d_output_write, out, err);
    if (st == E2D_OK)
        st = e2d_output_commit(&out, err);
    e2d_output_abort(&out);
    return st;
}
