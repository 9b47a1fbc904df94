/* SPDX-License-Identifier: BSD-2-Clause */
/* The DfuSe file's fields (ST UM0391, "DfuSe File Format Specification"),
 * named once for the reader and the writer: offsets within the prefix, a
 * target prefix, an element header and the DFU suffix (DFU 1.1, annex B).
 * Multi-byte fields are little-endian. The sizes are public (dfuse.h). */
#ifndef ELF2DFU_DFUSE_FORMAT_H
#define ELF2DFU_DFUSE_FORMAT_H

/* File prefix, E2D_DFUSE_PREFIX_SIZE bytes. */
#define PREFIX_SIGNATURE "DfuSe" /* szSignature[5] */
#define PREFIX_SIGNATURE_LEN 5
#define PREFIX_VERSION 5         /* bVersion, 0x01 */
#define PREFIX_IMAGE_SIZE 6      /* DFUImageSize: the file without the suffix */
#define PREFIX_TARGETS 10        /* bTargets */
#define PREFIX_VERSION_VALUE 0x01

/* Target prefix, E2D_DFUSE_TARGET_SIZE bytes. */
#define TARGET_SIGNATURE "Target" /* szSignature[6] */
#define TARGET_SIGNATURE_LEN 6
#define TARGET_ALT 6              /* bAlternateSetting */
#define TARGET_NAMED 7            /* bTargetNamed (32-bit) */
#define TARGET_NAME 11            /* szTargetName[255] */
#define TARGET_NAME_LEN 255
#define TARGET_SIZE 266           /* dwTargetSize: its elements, headers included */
#define TARGET_ELEMENTS 270       /* dwNbElements */

/* Element header, E2D_DFUSE_ELEMENT_HEADER_SIZE bytes, then the data. */
#define ELEMENT_ADDR 0 /* dwElementAddress */
#define ELEMENT_SIZE 4 /* dwElementSize */

/* DFU suffix, E2D_DFU_SUFFIX_SIZE bytes at the end of the file. */
#define SUFFIX_BCD_DEVICE 0
#define SUFFIX_PID 2
#define SUFFIX_VID 4
#define SUFFIX_BCD_DFU 6
#define SUFFIX_SIGNATURE 8 /* "UFD": "DFU" reversed */
#define SUFFIX_SIGNATURE_TEXT "UFD"
#define SUFFIX_LENGTH 11   /* bLength */
#define SUFFIX_CRC 12      /* dwCRC over everything before it */

#endif
