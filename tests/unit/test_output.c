/* SPDX-License-Identifier: BSD-2-Clause */
/* The all-or-nothing output file: reservation, trimming, and no trace of a
 * failed run. Works in a fresh directory under $TMPDIR (or /tmp). */
#include <elf2dfu/output.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
    char dir[256];
    char path[300];
};

struct job {
    const char *text;
    size_t repeat;
    bool fail_after;
};

static enum e2d_status produce(void *ctx, e2d_sink_fn sink, void *sink_ctx,
                               struct e2d_error *err)
{
    const struct job *job = ctx;
    for (size_t i = 0; i < job->repeat; i++) {
        enum e2d_status st = sink(sink_ctx, job->text, strlen(job->text), err);
        if (st != E2D_OK)
            return st;
    }
    if (job->fail_after) {
        snprintf(err->msg, sizeof err->msg, "made to fail");
        return E2D_ERR_IO;
    }
    return E2D_OK;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");

    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "%s/e2d-output-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/out.dfu", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->path);
    assert_int_equal(rmdir(f->dir), 0); /* fails if a temporary file was left */
    free(f);
    return 0;
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static size_t entries(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void read_file(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "rb");
    size_t n;
    assert_non_null(fp);
    n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
}

static void exact_reservation(void **state)
{
    struct fixture *f = *state;
    struct job job = {"0123456789", 1000, false};
    struct e2d_error err;

    assert_int_equal(e2d_output_file(f->path, 10000, NULL, produce, &job, &err), E2D_OK);
    assert_int_equal(file_size(f->path), 10000);
    assert_int_equal(entries(f->dir), 1);
}

static void larger_reservation_is_trimmed(void **state)
{
    struct fixture *f = *state;
    struct job job = {"abc", 3, false};
    struct e2d_error err;
    char buf[64];

    assert_int_equal(e2d_output_file(f->path, 1 << 20, NULL, produce, &job, &err), E2D_OK);
    assert_int_equal(file_size(f->path), 9);
    read_file(f->path, buf, sizeof buf);
    assert_string_equal(buf, "abcabcabc");
}

static void unknown_size(void **state)
{
    struct fixture *f = *state;
    struct job job = {"xyz", 2, false};
    struct e2d_error err;
    char buf[64];

    /* With --sync's fsync on the way. */
    assert_int_equal(e2d_output_file(f->path, 0, &(struct e2d_output_options){.sync = true}, produce, &job, &err), E2D_OK);
    read_file(f->path, buf, sizeof buf);
    assert_string_equal(buf, "xyzxyz");
}

static void failure_keeps_the_old_file(void **state)
{
    struct fixture *f = *state;
    struct job old = {"old", 1, false}, bad = {"new", 100000, true};
    struct e2d_error err;
    char buf[64];

    assert_int_equal(e2d_output_file(f->path, 3, NULL, produce, &old, &err), E2D_OK);
    assert_int_equal(e2d_output_file(f->path, 300000, NULL, produce, &bad, &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "made to fail");
    read_file(f->path, buf, sizeof buf);
    assert_string_equal(buf, "old");
    assert_int_equal(entries(f->dir), 1);
}

static void fifo_is_written_in_place(void **state)
{
    struct fixture *f = *state;
    struct job job = {"abc", 2, false};
    struct e2d_error err;
    struct stat sb;
    char buf[16] = {0};
    int reader;

    assert_int_equal(mkfifo(f->path, 0600), 0);
    /* A reader first, so opening the FIFO for writing does not block. */
    reader = open(f->path, O_RDONLY | O_NONBLOCK);
    assert_true(reader >= 0);
    assert_int_equal(e2d_output_file(f->path, 6, NULL, produce, &job, &err), E2D_OK);
    assert_int_equal(read(reader, buf, sizeof buf - 1), 6);
    assert_string_equal(buf, "abcabc");
    close(reader);
    assert_int_equal(lstat(f->path, &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode)); /* not replaced by a regular file */
    assert_int_equal(entries(f->dir), 1);
}

static void symlink_is_followed(void **state)
{
    struct fixture *f = *state;
    struct job old = {"old", 1, false}, job = {"new", 2, false};
    struct e2d_error err;
    struct stat sb;
    char target[320], buf[64];

    snprintf(target, sizeof target, "%s/target.dfu", f->dir);
    assert_int_equal(e2d_output_file(target, 3, NULL, produce, &old, &err), E2D_OK);
    assert_int_equal(symlink("target.dfu", f->path), 0);
    assert_int_equal(e2d_output_file(f->path, 6, NULL, produce, &job, &err), E2D_OK);
    assert_int_equal(lstat(f->path, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    read_file(target, buf, sizeof buf);
    assert_string_equal(buf, "newnew");
    unlink(target);
}

static void refuses_what_it_cannot_replace(void **state)
{
    struct fixture *f = *state;
    struct job job = {"abc", 1, false};
    struct e2d_error err;
    struct stat sb;

    assert_int_equal(e2d_output_file(f->dir, 3, NULL, produce, &job, &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "is a directory: give a file name with -o");
    assert_int_equal(symlink("nowhere/x.dfu", f->path), 0);
    assert_int_equal(e2d_output_file(f->path, 3, NULL, produce, &job, &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "is a symbolic link to a missing file: create the file it "
                                 "names, or remove the link");
    assert_int_equal(lstat(f->path, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_int_equal(entries(f->dir), 1);
}

static void longest_name(void **state)
{
    struct fixture *f = *state;
    struct job job = {"abc", 1, false};
    struct e2d_error err;
    char path[600];
    int n = snprintf(path, sizeof path, "%s/", f->dir);

    /* 255 bytes: the longest name a directory entry holds. */
    memset(path + n, 'a', 251);
    memcpy(path + n + 251, ".dfu", 5);
    assert_int_equal(e2d_output_file(path, 3, NULL, produce, &job, &err), E2D_OK);
    assert_int_equal(file_size(path), 3);
    assert_int_equal(entries(f->dir), 1);
    unlink(path);
}

static void missing_directory(void **state)
{
    struct fixture *f = *state;
    struct job job = {"abc", 1, false};
    struct e2d_error err;
    char path[400];

    snprintf(path, sizeof path, "%s/no/such/dir/out.dfu", f->dir);
    assert_int_equal(e2d_output_file(path, 3, NULL, produce, &job, &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "cannot create the output file: No such file or directory");
}

static void finishing_calls_are_safe_to_repeat(void **state)
{
    struct fixture *f = *state;
    struct e2d_output *out = NULL;
    struct e2d_error err;

    /* The README's calling sequence aborts an object an early error left
     * unopened, and one already committed: both do nothing. */
    e2d_output_abort(&out);
    e2d_output_abort(NULL);
    assert_true(fcntl(0, F_GETFD) != -1);
    assert_int_equal(e2d_output_open(&out, f->path, NULL, &err), E2D_OK);
    assert_non_null(out);
    assert_int_equal(e2d_output_write(out, "abc", 3, &err), E2D_OK);
    assert_int_equal(e2d_output_commit(&out, &err), E2D_OK);
    assert_null(out);
    e2d_output_abort(&out);
    assert_int_equal(e2d_output_commit(&out, &err), E2D_ERR_ARG);
    assert_int_equal(entries(f->dir), 1);
    /* Aborted: nothing appears, the committed file stays. */
    assert_int_equal(e2d_output_open(&out, f->path, NULL, &err), E2D_OK);
    assert_int_equal(e2d_output_write(out, "xyz!", 4, &err), E2D_OK);
    e2d_output_abort(&out);
    assert_null(out);
    assert_int_equal(entries(f->dir), 1);
}

static void names_refused_before_writing(void **state)
{
    struct fixture *f = *state;
    struct e2d_output *out = NULL;
    struct e2d_error err;
    char dir_slash[320];

    assert_int_equal(e2d_output_open(&out, "", NULL, &err), E2D_ERR_ARG);
    assert_string_equal(err.msg, "the output file name is empty");
    e2d_output_abort(&out);
    assert_int_equal(e2d_output_open(&out, NULL, NULL, &err), E2D_ERR_ARG);
    e2d_output_abort(&out);
    snprintf(dir_slash, sizeof dir_slash, "%s/", f->dir);
    assert_int_equal(e2d_output_open(&out, dir_slash, NULL, &err), E2D_ERR_ARG);
    e2d_output_abort(&out);
    assert_int_equal(entries(f->dir), 0);
}

static void replaced_file_keeps_its_mode(void **state)
{
    struct fixture *f = *state;
    struct job job = {"new", 1, false};
    struct e2d_error err;
    struct stat sb;
    int fd = open(f->path, O_WRONLY | O_CREAT, 0600);

    assert_true(fd >= 0);
    assert_int_equal(fchmod(fd, 0640), 0);
    close(fd);
    assert_int_equal(e2d_output_file(f->path, 3, NULL, produce, &job, &err), E2D_OK);
    assert_int_equal(stat(f->path, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0640);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(exact_reservation, setup, teardown),
        cmocka_unit_test_setup_teardown(larger_reservation_is_trimmed, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_size, setup, teardown),
        cmocka_unit_test_setup_teardown(failure_keeps_the_old_file, setup, teardown),
        cmocka_unit_test_setup_teardown(fifo_is_written_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(symlink_is_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_what_it_cannot_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(longest_name, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(finishing_calls_are_safe_to_repeat, setup, teardown),
        cmocka_unit_test_setup_teardown(names_refused_before_writing, setup, teardown),
        cmocka_unit_test_setup_teardown(replaced_file_keeps_its_mode, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
