# SPDX-License-Identifier: BSD-2-Clause
# A bare-metal Arm toolchain: pass it as -DCMAKE_TOOLCHAIN_FILE=arm-none-eabi.cmake.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
# No C library to link a test program against: check the compiler with a
# static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
