# SPDX-License-Identifier: BSD-2-Clause
# PlatformIO extra script: after firmware.elf links, write firmware.dfu
# beside it with elf2dfu, for the board's MCU (build.mcu, such as
# stm32f407vgt6) or the project's custom_elf2dfu_device option.
Import("env")  # noqa: F821 (SCons provides Import and env)

device = env.GetProjectOption("custom_elf2dfu_device", env.BoardConfig().get("build.mcu", ""))
elf = "$BUILD_DIR/${PROGNAME}.elf"
dfu = "$BUILD_DIR/${PROGNAME}.dfu"
command = "elf2dfu -q %s-o %s %s" % ("-d %s " % device if device else "", dfu, elf)
env.AddPostAction(elf, env.VerboseAction(command, "Writing %s" % dfu))
