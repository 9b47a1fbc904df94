/* SPDX-License-Identifier: BSD-2-Clause */
/* Output that is all or nothing: bytes go to a temporary file beside the
 * destination, which replaces it only once everything is written and synced.
 * A failed run leaves no partial file and an existing one untouched. The
 * temporary file has no name until it is complete (O_TMPFILE, where the file
 * system has it), so even a killed run leaves nothing behind. */
#ifndef ELF2DFU_OUTPUT_H
#define ELF2DFU_OUTPUT_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <elf2dfu/span.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

E2D_BEGIN_DECLS

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

/* An output file being written (opaque). Calling sequence, as git's
 * tempfile: open; reserve; write (an e2d_sink_fn) as often as needed; then
 * exactly one of commit (the file appears) or abort (nothing does). Both
 * end the object's life and set the caller's pointer to NULL; abort on a
 * NULL pointer or after commit does nothing, so an error path can always
 * call it. */
struct e2d_output;

/* path "-" writes to standard output; an existing character device (such
 * as /dev/null) or FIFO is written in place: no atomicity is possible there.
 * A symbolic link to a file is followed: the file it names is replaced.
 * opts may be NULL (no sync, no hook). */
E2D_API enum e2d_status e2d_output_open(struct e2d_output **out, const char *path,
                                        const struct e2d_output_options *opts,
                                        struct e2d_error *err);

/* Allocates size bytes for the file before any is written, where the file
 * system can: a full disk or a file size limit then fails here, before the
 * first byte, and ext4 need not flush the data when the file replaces an
 * older one (its rename over an existing file writes out the new file's
 * not yet allocated blocks first: a third of a 2 MiB conversion). size is
 * the file's expected length; if fewer bytes come, commit trims the rest. */
E2D_API enum e2d_status e2d_output_reserve(struct e2d_output *out, uint64_t size,
                                   struct e2d_error *err);

/* An e2d_sink_fn: ctx is the struct e2d_output. */
E2D_API enum e2d_status e2d_output_write(void *ctx, const void *buf, size_t len,
                                 struct e2d_error *err);

/* Flushes, syncs if asked, and renames over the destination; on failure
 * the temporary file is removed and the destination left as it was.
 * Without sync a crash soon after may leave a truncated or zero-filled
 * file, which the DFU CRC makes every client refuse; with it the file is
 * on disk when this returns. Ends *out's life. */
E2D_API enum e2d_status e2d_output_commit(struct e2d_output **out, struct e2d_error *err);

/* Removes the temporary file and ends *out's life; nothing if out or *out
 * is NULL. */
E2D_API void e2d_output_abort(struct e2d_output **out);

/* Produces a file's bytes into sink(sink_ctx, ...). */
typedef enum e2d_status (*e2d_produce_fn)(void *ctx, e2d_sink_fn sink, void *sink_ctx,
                                          struct e2d_error *err);

/* open, reserve size bytes (0: size unknown), produce, commit, and abort on
 * any failure: path then holds all of the output or is as it was. */
E2D_API enum e2d_status e2d_output_file(const char *path, uint64_t size,
                                const struct e2d_output_options *opts, e2d_produce_fn produce,
                                void *ctx, struct e2d_error *err);

E2D_END_DECLS

#endif
