/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/input.h>

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const uint8_t empty[1];

static void remember_times(struct e2d_input *in, const struct stat *sb)
{
    in->mtime_sec = (int64_t)sb->st_mtim.tv_sec;
    in->mtime_nsec = (int64_t)sb->st_mtim.tv_nsec;
    in->ctime_sec = (int64_t)sb->st_ctim.tv_sec;
    in->ctime_nsec = (int64_t)sb->st_ctim.tv_nsec;
}

/* Reads fd to its end: standard input, a pipe, or a file whose size the
 * kernel does not report (/proc). Memory grows with what arrives. */
static enum e2d_status read_all(struct e2d_input *in, int fd, struct e2d_error *err)
{
    size_t cap = 0, used = 0;

    for (;;) {
        ssize_t n;
        if (used == cap) {
            enum e2d_status st = e2d_grow((void **)&in->owned, &cap, used + 65536, 1, err);
            if (st != E2D_OK)
                return st;
        }
        n = read(fd, in->owned + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return e2d_fail(err, E2D_ERR_IO, "cannot read: %s", strerror(errno));
        if (n == 0)
            break;
        used += (size_t)n;
    }
    in->data = in->owned ? in->owned : empty;
    in->size = used;
    in->snapshot = true;
    return E2D_OK;
}

static enum e2d_status map_file(struct e2d_input *in, int fd, const struct stat *sb,
                                struct e2d_error *err)
{
    in->size = (uint64_t)sb->st_size;
    if (in->size > SIZE_MAX)
        return e2d_fail(err, E2D_ERR_LIMIT, "too large to map");
    in->map = mmap(NULL, (size_t)in->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (in->map == MAP_FAILED) {
        in->map = NULL;
        return e2d_fail(err, E2D_ERR_IO, "cannot map: %s", strerror(errno));
    }
    in->map_size = in->size;
    in->data = in->map;
    return E2D_OK;
}

enum e2d_status e2d_input_open(struct e2d_input *in, const char *path, struct e2d_error *err)
{
    struct stat sb;
    enum e2d_status st;
    int fd;

    if (!in)
        return e2d_fail(err, E2D_ERR_ARG, "no input object given");
    memset(in, 0, sizeof *in);
    in->data = empty;
    if (!path || !*path)
        return e2d_fail(err, E2D_ERR_ARG, "no input file name given");
    if (strcmp(path, "-") == 0)
        return read_all(in, STDIN_FILENO, err);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot open: %s", strerror(errno));
    if (fstat(fd, &sb) != 0) {
        st = e2d_fail(err, E2D_ERR_IO, "cannot stat: %s", strerror(errno));
    } else if (S_ISDIR(sb.st_mode)) {
        st = e2d_fail(err, E2D_ERR_IO, "is a directory, not a file");
    } else if (!S_ISREG(sb.st_mode) || sb.st_size == 0) {
        /* A pipe, a terminal, or a /proc file (size 0 until read): a
         * snapshot. A real empty file reads as empty. */
        st = read_all(in, fd, err);
    } else {
        st = map_file(in, fd, &sb, err);
        if (st == E2D_OK) {
            remember_times(in, &sb);
            in->fd = fd;
            in->has_fd = true;
            return E2D_OK;
        }
    }
    close(fd);
    if (st != E2D_OK)
        e2d_input_close(in);
    return st;
}

enum e2d_status e2d_input_check_unchanged(const struct e2d_input *in, struct e2d_error *err)
{
    struct stat sb;

    if (!in || !in->has_fd)
        return E2D_OK; /* a snapshot, or nothing open */
    if (fstat(in->fd, &sb) != 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot stat: %s", strerror(errno));
    /* Linux gives a change after a stat a timestamp of its own (multigrain
     * timestamps), so a write during the run cannot hide in the same tick. */
    if ((uint64_t)sb.st_size < in->map_size)
        return e2d_fail(err, E2D_ERR_IO, "changed while being read (truncated by another "
                                         "program); run again once it is complete");
    if ((uint64_t)sb.st_size != in->map_size || (int64_t)sb.st_mtim.tv_sec != in->mtime_sec ||
        (int64_t)sb.st_mtim.tv_nsec != in->mtime_nsec ||
        (int64_t)sb.st_ctim.tv_sec != in->ctime_sec ||
        (int64_t)sb.st_ctim.tv_nsec != in->ctime_nsec)
        return e2d_fail(err, E2D_ERR_IO,
                        "changed while being read (another program wrote to it); run again "
                        "once it is complete");
    return E2D_OK;
}

bool e2d_input_contains(const struct e2d_input *in, const void *addr)
{
    const uint8_t *p = addr, *base = in ? in->map : NULL;
    return base && p >= base && (uint64_t)(p - base) < in->map_size;
}

void e2d_input_release(const struct e2d_input *in, uint64_t from, uint64_t to)
{
    long page = sysconf(_SC_PAGESIZE);

    if (!in || !in->map || page <= 0)
        return;
    if (to > in->map_size)
        to = in->map_size;
    from = (from + (uint64_t)page - 1) / (uint64_t)page * (uint64_t)page;
    to -= to % (uint64_t)page;
    /* A private file mapping: the pages come back from the file if they
     * are touched again; the change check still covers the file. */
    if (from < to)
        (void)madvise((uint8_t *)in->map + from, (size_t)(to - from), MADV_DONTNEED);
}

void e2d_input_close(struct e2d_input *in)
{
    if (!in)
        return;
    if (in->map)
        munmap(in->map, (size_t)in->map_size);
    if (in->has_fd)
        close(in->fd);
    free(in->owned);
    memset(in, 0, sizeof *in);
    in->data = empty;
}
