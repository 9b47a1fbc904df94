# SPDX-License-Identifier: BSD-2-Clause
# elf2dfu.mk: the post-link step for Makefile builds. Include it, and any
# FILE.dfu your rules ask for is made from FILE.elf:
#
#   ELF2DFU_DEVICE = stm32f405rg
#   include $(shell pkg-config --variable=elf2dfu_mk elf2dfu)
#   all: blinky.dfu
#
# ELF2DFU_DEVICE  the part (elf2dfu's -d); empty: the tool's default part
# ELF2DFU_FLAGS   more options (-m @board.txt, --fill 0x00 ...)
# ELF2DFU         the program (default: elf2dfu from PATH)
ELF2DFU ?= elf2dfu
ELF2DFU_DEVICE ?=
ELF2DFU_FLAGS ?=

%.dfu: %.elf
	$(ELF2DFU) -q $(if $(ELF2DFU_DEVICE),-d $(ELF2DFU_DEVICE)) $(ELF2DFU_FLAGS) -o $@ $<
