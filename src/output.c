#include <elf2dfu/output.h>

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_BUF_SIZE (64u * 1024u)

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

enum e2d_status e2d_output_open(struct e2d_output *out, const char *path,
                                struct e2d_error *err)
{
    size_t len;
    unsigned long seed;

    memset(out, 0, sizeof *out);
    out->fd = -1;
    out->buf = malloc(OUTPUT_BUF_SIZE);
    if (!out->buf)
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    if (strcmp(path, "-") == 0) {
        out->fd = STDOUT_FILENO;
        return E2D_OK;
    }
    out->path = dup_str(path);
    len = strlen(path) + 32;
    out->tmp_path = malloc(len);
    if (!out->path || !out->tmp_path) {
        free(out->tmp_path); /* nothing created yet: nothing to unlink */
        out->tmp_path = NULL;
        e2d_output_abort(out);
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    }
    /* O_EXCL with a fresh name, rather than mkstemp, so the file gets the
     * usual 0666 & ~umask permissions. */
    seed = (unsigned long)getpid() ^ (unsigned long)time(NULL);
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(out->tmp_path, len, "%s.tmp.%06lx", path,
                 (seed + (unsigned long)attempt * 7919ul) & 0xFFFFFFul);
        out->fd = open(out->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (out->fd >= 0 || errno != EEXIST)
            break;
    }
    if (out->fd < 0) {
        int e = errno;
        free(out->tmp_path);
        out->tmp_path = NULL;
        e2d_output_abort(out);
        return e2d_fail(err, E2D_ERR_IO, "cannot create the output file: %s", strerror(e));
    }
    return E2D_OK;
}

static enum e2d_status write_all(struct e2d_output *out, const uint8_t *p, size_t len,
                                 struct e2d_error *err)
{
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

enum e2d_status e2d_output_commit(struct e2d_output *out, struct e2d_error *err)
{
    enum e2d_status st = flush(out, err);

    if (st != E2D_OK)
        return st;
    if (!out->tmp_path) /* standard output */
        return E2D_OK;
    if (fsync(out->fd) != 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot sync the output file: %s", strerror(errno));
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
    return E2D_OK;
}

void e2d_output_abort(struct e2d_output *out)
{
    if (out->tmp_path) {
        if (out->fd >= 0)
            close(out->fd);
        unlink(out->tmp_path);
    }
    out->fd = -1;
    free(out->tmp_path);
    free(out->path);
    free(out->buf);
    out->tmp_path = NULL;
    out->path = NULL;
    out->buf = NULL;
}
