/* Output that is all or nothing: bytes go to a temporary file beside the
 * destination, which replaces it only once everything is written and synced.
 * A failed run leaves no partial file and an existing one untouched. The
 * temporary file has no name until it is complete (O_TMPFILE, where the file
 * system has it), so even a killed run leaves nothing behind. */
#ifndef ELF2DFU_OUTPUT_H
#define ELF2DFU_OUTPUT_H

#include <elf2dfu/error.h>
#include <elf2dfu/span.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Told when a named temporary file comes into existence (path) and when it
 * is gone again (NULL), so that a program can remove it from a signal
 * handler: the library installs no handlers. path is valid until the next
 * call; copy it. */
typedef void (*e2d_temp_hook)(void *ctx, const char *path);

struct e2d_output_options {
    bool sync;             /* fsync before the rename: durable once committed */
    e2d_temp_hook temp_hook; /* may be NULL */
    void *temp_ctx;
};

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

/* path "-" writes to standard output; an existing character device (such
 * as /dev/null) or FIFO is written in place: no atomicity is possible there.
 * A symbolic link to a file is followed: the file it names is replaced.
 * opts may be NULL (no sync, no hook). */
enum e2d_status e2d_output_open(struct e2d_output *out, const char *path,
                                const struct e2d_output_options *opts, struct e2d_error *err);

/* Allocates size bytes for the file before any is written, where the file
 * system can: a full disk or a file size limit then fails here, before the
 * first byte, and ext4 need not flush the data when the file replaces an
 * older one (its rename over an existing file writes out the new file's
 * not yet allocated blocks first: a third of a 2 MiB conversion). size is
 * the file's expected length; if fewer bytes come, commit trims the rest. */
enum e2d_status e2d_output_reserve(struct e2d_output *out, uint64_t size,
                                   struct e2d_error *err);

/* An e2d_sink_fn: ctx is the struct e2d_output. */
enum e2d_status e2d_output_write(void *ctx, const void *buf, size_t len,
                                 struct e2d_error *err);

/* Flushes, syncs if asked, and renames over the destination. Without sync
 * a crash soon after may leave a truncated or zero-filled file, which the
 * DFU CRC makes every client refuse; with it the file is on disk when this
 * returns. */
enum e2d_status e2d_output_commit(struct e2d_output *out, struct e2d_error *err);

/* Removes the temporary file; safe after commit and on a zeroed struct. */
void e2d_output_abort(struct e2d_output *out);

/* Produces a file's bytes into sink(sink_ctx, ...). */
typedef enum e2d_status (*e2d_produce_fn)(void *ctx, e2d_sink_fn sink, void *sink_ctx,
                                          struct e2d_error *err);

/* open, reserve size bytes (0: size unknown), produce, commit, and abort on
 * any failure: path then holds all of the output or is as it was. */
enum e2d_status e2d_output_file(const char *path, uint64_t size,
                                const struct e2d_output_options *opts, e2d_produce_fn produce,
                                void *ctx, struct e2d_error *err);

#endif
