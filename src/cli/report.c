/* SPDX-License-Identifier: BSD-2-Clause */
/* How the command line reports: errors on stderr, and with --json exactly
 * one JSON document on stdout whatever happens; a failed write to stdout
 * is an error too (a full disk must not look like success). */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The process has one stdout and one run: this state is the CLI's, never
 * the library's. */
static struct {
    bool json;
    bool printed;      /* a JSON document went to stdout */
    bool have_error;
    char file[1024];   /* "" when the error is not about a file */
    char message[1024];
} report;

void cli_report_json(bool on)
{
    report.json = on;
}

bool cli_report_is_json(void)
{
    return report.json;
}

static void remember(const char *file, const char *fmt, va_list ap)
{
    if (report.have_error)
        return; /* the first error is the cause; later ones follow from it */
    report.have_error = true;
    snprintf(report.file, sizeof report.file, "%s", file ? file : "");
    vsnprintf(report.message, sizeof report.message, fmt, ap);
}

/* "elf2dfu: [what: ]message[tail]" on stderr, remembered for --json. */
static void vreport(const char *what, const char *tail, const char *fmt, va_list ap)
{
    va_list again;

    va_copy(again, ap);
    if (what)
        fprintf(stderr, "elf2dfu: %s: ", what);
    else
        fputs("elf2dfu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs(tail, stderr);
    remember(what, fmt, again);
    va_end(again);
}

void cli_error(const char *what, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(what, "\n", fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(NULL, "\nTry 'elf2dfu --help' for more information.\n", fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_usage_error_quiet(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    remember(NULL, fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

json_t *cli_json_str(const char *s)
{
    json_t *j = json_string(s);
    if (!j) {
        /* Not UTF-8 (a target name is whatever bytes the file holds):
         * keep ASCII, mark the rest. */
        char *copy = strdup(s);
        for (char *p = copy; p && *p; p++)
            if ((unsigned char)*p >= 0x80)
                *p = '?';
        j = json_string(copy ? copy : "");
        free(copy);
    }
    return j;
}

void cli_json_print(json_t *doc)
{
    if (!doc) {
        cli_error("--json", "out of memory");
        return;
    }
    json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(doc);
    report.printed = true;
}

int cli_finish(int rc)
{
    if (report.json && !report.printed && rc != 0) {
        json_t *doc = json_pack("{s:{s:o, s:o, s:i}}", "error", "message",
                                cli_json_str(report.have_error ? report.message : "failed"),
                                "file", report.file[0] ? cli_json_str(report.file) : json_null(),
                                "exit", rc);
        cli_json_print(doc);
    }
    /* stdout is buffered: a full disk or a closed pipe shows only now. */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno)
            fprintf(stderr, "elf2dfu: standard output: write error: %s\n", strerror(errno));
        else
            fprintf(stderr, "elf2dfu: standard output: write error\n");
        return rc ? rc : EXIT_BAD_INPUT;
    }
    return rc;
}

void cli_output_error(const char *output, const struct e2d_error *err)
{
    struct e2d_error changed;
    const char *input = cli_changed_input(&changed);

    if (input)
        cli_error(input, "%s", changed.msg);
    else
        cli_error(output, "%s", err->msg);
}

bool cli_report_if_changed(void)
{
    struct e2d_error changed;
    const char *input = cli_changed_input(&changed);

    if (input)
        cli_error(input, "%s", changed.msg);
    return input != NULL;
}

void cli_input_error(const char *input, const struct e2d_error *err)
{
    /* An input cut short under its mapping reads as zeros to the end of
     * its last page: the parser's complaint is then about bytes that were
     * never the file's. */
    cli_output_error(input, err);
}
