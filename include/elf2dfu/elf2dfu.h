/* libelf2dfu: linked firmware in, DfuSe file out. Umbrella header. */
#ifndef ELF2DFU_ELF2DFU_H
#define ELF2DFU_ELF2DFU_H

#define E2D_VERSION "0.1.0"

#include <elf2dfu/arch.h>
#include <elf2dfu/compare.h>
#include <elf2dfu/device.h>
#include <elf2dfu/diagnose.h>
#include <elf2dfu/dfuse.h>
#include <elf2dfu/elf.h>
#include <elf2dfu/error.h>
#include <elf2dfu/findings.h>
#include <elf2dfu/export.h>
#include <elf2dfu/image.h>
#include <elf2dfu/input.h>
#include <elf2dfu/load.h>
#include <elf2dfu/memmap.h>
#include <elf2dfu/output.h>
#include <elf2dfu/plan.h>
#include <elf2dfu/target.h>

#endif
