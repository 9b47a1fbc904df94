/* SPDX-License-Identifier: BSD-2-Clause */
/* What every public header shares: the export macro, C++ linkage, and the
 * version. */
#ifndef ELF2DFU_API_H
#define ELF2DFU_API_H

/* The library is built with hidden visibility: only what is marked E2D_API
 * is exported, so internal helpers cannot become part of the ABI. */
#if defined(E2D_BUILDING) && defined(__GNUC__)
#define E2D_API __attribute__((visibility("default")))
#else
#define E2D_API
#endif

#ifdef __cplusplus
#define E2D_BEGIN_DECLS extern "C" {
#define E2D_END_DECLS }
#else
#define E2D_BEGIN_DECLS
#define E2D_END_DECLS
#endif

/* The version of the headers; e2d_version() is the library's at run time.
 * The major number is the soname's (libelf2dfu.so.0): it changes when the
 * ABI does. */
#define E2D_VERSION_MAJOR 0
#define E2D_VERSION_MINOR 2
#define E2D_VERSION_PATCH 0
#define E2D_VERSION "0.2.0"
#define E2D_VERSION_NUMBER (E2D_VERSION_MAJOR * 10000 + E2D_VERSION_MINOR * 100 + E2D_VERSION_PATCH)

E2D_BEGIN_DECLS
E2D_API const char *e2d_version(void); /* "0.2.0" */
E2D_API int e2d_version_number(void); /* E2D_VERSION_NUMBER of the library */
E2D_END_DECLS

#endif
