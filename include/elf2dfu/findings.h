/* SPDX-License-Identifier: BSD-2-Clause */
/* Findings: what the DfuSe reader and the diagnosis report about a file,
 * each with a stable code for scripts and a sentence for people. */
#ifndef ELF2DFU_FINDINGS_H
#define ELF2DFU_FINDINGS_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <stdbool.h>
#include <stdint.h>

E2D_BEGIN_DECLS

struct e2d_finding {
    enum e2d_severity severity;
    const char *code; /* stable identifier, e.g. "crc", "not-ascending" */
    int alt;          /* alternate setting, or -1 */
    bool has_addr;
    uint32_t addr;    /* device address the finding is about */
    bool has_offset;
    uint64_t offset;  /* file offset the finding is about */
    char msg[256];
};

struct e2d_findings {
    struct e2d_finding *v;
    size_t count;
    size_t cap;
};

E2D_API void e2d_findings_init(struct e2d_findings *f);
E2D_API void e2d_findings_free(struct e2d_findings *f);
E2D_API size_t e2d_findings_count(const struct e2d_findings *f, enum e2d_severity at_least);
E2D_API const char *e2d_severity_name(enum e2d_severity s);

E2D_END_DECLS

#endif
