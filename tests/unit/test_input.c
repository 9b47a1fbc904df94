/* SPDX-License-Identifier: BSD-2-Clause */
/* Inputs: mapped files that report a change, snapshots of what cannot be
 * mapped, and objects that are safe to close in any state. */
#include <elf2dfu/input.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];

static int setup(void **state)
{
    const char *tmp = getenv("TMPDIR");
    int fd;
    (void)state;
    snprintf(path, sizeof path, "%s/e2d-input-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    fd = mkstemp(path);
    if (fd < 0 || write(fd, "0123456789", 10) != 10)
        return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void a_file_is_mapped_and_watched(void **state)
{
    struct e2d_input in;
    struct e2d_error err;
    int fd;
    (void)state;

    assert_int_equal(e2d_input_open(&in, path, &err), E2D_OK);
    assert_int_equal(in.size, 10);
    assert_memory_equal(in.data, "0123456789", 10);
    assert_false(in.snapshot);
    assert_true(e2d_input_contains(&in, in.data + 9));
    assert_false(e2d_input_contains(&in, in.data + 10));
    assert_int_equal(e2d_input_check_unchanged(&in, &err), E2D_OK);
    /* Another program writes in place: same size, new bytes. */
    fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "X", 1, 3), 1);
    close(fd);
    assert_int_equal(e2d_input_check_unchanged(&in, &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "changed while being read (another program wrote to it); run "
                                 "again once it is complete");
    e2d_input_close(&in);

    assert_int_equal(e2d_input_open(&in, path, &err), E2D_OK);
    assert_int_equal(truncate(path, 4), 0);
    assert_int_equal(e2d_input_check_unchanged(&in, &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "changed while being read (truncated by another program); run "
                                 "again once it is complete");
    e2d_input_close(&in);
}

static void standard_input_is_read_into_memory(void **state)
{
    struct e2d_input in;
    struct e2d_error err;
    int p[2], saved = dup(0);
    (void)state;

    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "from a pipe", 11), 11);
    close(p[1]);
    assert_int_equal(dup2(p[0], 0), 0);
    close(p[0]);
    assert_int_equal(e2d_input_open(&in, "-", &err), E2D_OK);
    assert_true(in.snapshot);
    assert_int_equal(in.size, 11);
    assert_memory_equal(in.data, "from a pipe", 11);
    /* A snapshot cannot change, nor fault. */
    assert_int_equal(e2d_input_check_unchanged(&in, &err), E2D_OK);
    assert_false(e2d_input_contains(&in, in.data));
    e2d_input_close(&in);
    dup2(saved, 0);
    close(saved);
}

static void files_of_unknown_size_are_read(void **state)
{
    struct e2d_input in;
    struct e2d_error err;
    (void)state;

    /* /proc reports size 0 and has contents. */
    assert_int_equal(e2d_input_open(&in, "/proc/self/status", &err), E2D_OK);
    assert_true(in.snapshot);
    assert_true(in.size > 0);
    assert_memory_equal(in.data, "Name:", 5);
    e2d_input_close(&in);
}

static void refusals_and_safe_closing(void **state)
{
    struct e2d_input in;
    struct e2d_error err;
    (void)state;

    memset(&in, 0, sizeof in);
    e2d_input_close(&in); /* zeroed: fd 0 is not ours */
    assert_true(fcntl(0, F_GETFD) != -1);
    e2d_input_close(NULL);
    assert_int_equal(e2d_input_open(&in, "/nonexistent/x", &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "cannot open: No such file or directory");
    e2d_input_close(&in);
    assert_int_equal(e2d_input_open(&in, "/tmp", &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "is a directory, not a file");
    assert_int_equal(e2d_input_open(&in, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_input_open(NULL, path, &err), E2D_ERR_ARG);
    e2d_input_close(&in);
    assert_true(fcntl(0, F_GETFD) != -1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(a_file_is_mapped_and_watched),
        T(standard_input_is_read_into_memory),
        T(files_of_unknown_size_are_read),
        T(refusals_and_safe_closing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
