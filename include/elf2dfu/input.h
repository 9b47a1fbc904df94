/* SPDX-License-Identifier: BSD-2-Clause */
/* An input file held for parsing: parsers get (pointer, length) and never
 * copy what they point into.
 *
 * A regular file is mapped, not read: copying a 64 MiB image would double
 * the conversion time. Another process may then change it while it is
 * used; e2d_input_check_unchanged tells, so a caller can refuse to write
 * output made from a file that changed. A file truncated under a mapping
 * makes the next access to the lost pages raise SIGBUS: a program that
 * must survive that handles SIGBUS and looks up the faulting address with
 * e2d_input_contains (the library installs no signal handlers).
 * Standard input ("-"), pipes and files whose size the kernel does not
 * know (/proc) are read into memory instead: a snapshot nothing can touch. */
#ifndef ELF2DFU_INPUT_H
#define ELF2DFU_INPUT_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <stdbool.h>
#include <stdint.h>

E2D_BEGIN_DECLS

struct e2d_input {
    const uint8_t *data;
    uint64_t size;
    bool snapshot; /* data was read into memory: later changes cannot reach it */
    /* Private: */
    void *map;     /* for munmap; NULL when data is not mapped */
    uint64_t map_size;
    uint8_t *owned; /* the snapshot's memory */
    bool has_fd;   /* fd is open: kept to see whether the file changes */
    int fd;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

/* path "-" is standard input. */
E2D_API enum e2d_status e2d_input_open(struct e2d_input *in, const char *path, struct e2d_error *err);

/* E2D_OK if the file still has the size and modification times it had
 * when opened; otherwise E2D_ERR_IO ("changed while being read"). */
E2D_API enum e2d_status e2d_input_check_unchanged(const struct e2d_input *in, struct e2d_error *err);

/* A reader done with the bytes [from, to) (a text format parsed front to
 * back): the whole pages among them leave memory, so a 190 MB HEX file
 * does not stay resident. Reading them again is allowed, just slower. A
 * snapshot keeps its memory. */
E2D_API void e2d_input_release(const struct e2d_input *in, uint64_t from, uint64_t to);

/* Whether addr lies in in's mapping (for a SIGBUS handler). */
E2D_API bool e2d_input_contains(const struct e2d_input *in, const void *addr);

/* Safe on a zeroed or closed input. */
E2D_API void e2d_input_close(struct e2d_input *in);

E2D_END_DECLS

#endif
