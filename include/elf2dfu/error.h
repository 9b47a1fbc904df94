/* SPDX-License-Identifier: BSD-2-Clause */
/* Status codes and error reports shared by every libelf2dfu function. */
#ifndef ELF2DFU_ERROR_H
#define ELF2DFU_ERROR_H

#include <elf2dfu/api.h>
#include <stddef.h>

E2D_BEGIN_DECLS

/* One table gives both the enum and its text, so they cannot drift apart. */
#define E2D_STATUS_TABLE(X)                                             \
    X(E2D_OK, "success")                                                \
    X(E2D_ERR_ARG, "invalid argument")                                  \
    X(E2D_ERR_IO, "input/output error")                                 \
    X(E2D_ERR_NOMEM, "out of memory")                                   \
    X(E2D_ERR_FORMAT, "malformed input")                                \
    X(E2D_ERR_UNSUPPORTED, "unsupported input")                         \
    X(E2D_ERR_MAP, "invalid memory map")                                \
    X(E2D_ERR_PLACE, "image cannot be placed in the device's memory")  \
    X(E2D_ERR_LIMIT, "input exceeds a format limit")                   \
    X(E2D_ERR_TARGET, "image built for another device")

enum e2d_status {
#define E2D_STATUS_ENUM(name, text) name,
    E2D_STATUS_TABLE(E2D_STATUS_ENUM)
#undef E2D_STATUS_ENUM
};

/* Filled by a failing call; the message has no "elf2dfu: FILE:" prefix
 * because only the caller knows which file the user thinks of. */
struct e2d_error {
    enum e2d_status status;
    char msg[512];
    /* Where in a text input (a layout string, a pasted dfu-util listing,
     * a HEX file) the fault is, 1-based; 0 when not known or not text. */
    unsigned long line;
    unsigned long column;
};

E2D_API const char *e2d_strerror(enum e2d_status status);

/* A size for people, exact: "1 byte", "300 bytes", "16 KiB", "2 MiB"; a
 * size that is not a whole number of KiB stays in bytes. Returns buf. */
E2D_API const char *e2d_size_str(unsigned long long bytes, char *buf, size_t size);

enum e2d_severity {
    E2D_SEV_NOTE,    /* worth knowing, nothing wrong */
    E2D_SEV_WARNING, /* works, but probably not what was meant */
    E2D_SEV_ERROR,   /* a client refuses the file, or flashing it loses or breaks something */
};

/* What a loader or the planner has to say besides success or failure:
 * notes (segments trimmed, addresses translated) and warnings (bytes that
 * will not be programmed, a suspicious image). The library never prints:
 * a caller that wants them passes a sink; fn may be NULL. */
struct e2d_log {
    void (*fn)(void *ctx, enum e2d_severity severity, const char *msg);
    void *ctx;
};

E2D_END_DECLS

#endif
