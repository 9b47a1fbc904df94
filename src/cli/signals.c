/* SPDX-License-Identifier: BSD-2-Clause */
/* What the process does when a signal arrives mid-run.
 *
 * - SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE: remove the named temporary
 *   output file, if one exists (where O_TMPFILE is missing, or in the short
 *   window between naming the finished file and renaming it), then die by
 *   the same signal, as git's tempfile does.
 * - SIGBUS on an input's mapping: the file was truncated while being read.
 *   Remove the temporary file, say so, exit 1; a SIGBUS anywhere else is a
 *   real crash and is re-raised.
 *
 * Only async-signal-safe calls happen in the handlers: every string they
 * print or unlink is prepared when it is registered. */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEMP_MAX 4096
#define WATCH_MAX 64
#define MSG_MAX 2048

static char temp_path[TEMP_MAX];
static volatile sig_atomic_t temp_set;

static struct watched {
    const struct e2d_input *volatile in; /* NULL: a free slot */
    const char *path;
    char msg[MSG_MAX];  /* the complete report for stderr */
    size_t len;
    char json[MSG_MAX]; /* with --json, the error document for stdout */
    size_t json_len;
} watched[WATCH_MAX];
static volatile sig_atomic_t nwatched;

void cli_temp_hook(void *ctx, const char *path)
{
    (void)ctx;
    temp_set = 0;
    if (path && strlen(path) < sizeof temp_path) {
        memcpy(temp_path, path, strlen(path) + 1);
        temp_set = 1;
    }
}

static void remove_temp(void)
{
    if (temp_set)
        unlink(temp_path);
}

static void die_by(int sig)
{
    remove_temp();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_signal(int sig)
{
    die_by(sig);
}

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    for (sig_atomic_t i = 0; i < nwatched; i++) {
        if (watched[i].in && e2d_input_contains(watched[i].in, si->si_addr)) {
            ssize_t w;
            remove_temp();
            w = write(STDERR_FILENO, watched[i].msg, watched[i].len);
            if (watched[i].json_len)
                w = write(STDOUT_FILENO, watched[i].json, watched[i].json_len);
            (void)w;
            _exit(EXIT_BAD_INPUT);
        }
    }
    die_by(sig);
}

void cli_signals_init(void)
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_signal;
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction old;
        /* A signal the shell told us to ignore (nohup) stays ignored. */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(fatal[i], &sa, NULL);
    }
    sa.sa_handler = NULL;
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
}

static size_t clamp(int n, size_t size)
{
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

void cli_watch_input(const struct e2d_input *in, const char *path)
{
    static const char what[] = "changed while being read (truncated by another program); "
                               "run again once it is complete";
    struct watched *w = NULL;
    sig_atomic_t i;

    if (!in->map)
        return; /* a snapshot: nothing can fault */
    for (i = 0; i < nwatched && !w; i++)
        if (!watched[i].in)
            w = &watched[i];
    if (!w && nwatched < WATCH_MAX)
        w = &watched[nwatched];
    if (!w)
        return; /* a SIGBUS on this one stays a crash */
    w->len = clamp(snprintf(w->msg, sizeof w->msg, "elf2dfu: %s: %s\n", path, what), sizeof w->msg);
    w->json_len = 0;
    if (cli_report_is_json()) {
        json_t *doc = json_pack("{s:{s:s, s:o, s:i}}", "error", "message", what, "file",
                                cli_json_str(path), "exit", EXIT_BAD_INPUT);
        char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        if (text && strlen(text) + 2 <= sizeof w->json)
            w->json_len = clamp(snprintf(w->json, sizeof w->json, "%s\n", text), sizeof w->json);
        free(text);
        json_decref(doc);
    }
    w->path = path;
    w->in = in;
    if (w == &watched[nwatched])
        nwatched = nwatched + 1;
}

void cli_unwatch_input(const struct e2d_input *in)
{
    for (sig_atomic_t i = 0; i < nwatched; i++)
        if (watched[i].in == in)
            watched[i].in = NULL;
}

int cli_open_input(struct e2d_input *in, const char *path)
{
    struct e2d_error err;

    if (e2d_input_open(in, path, &err) != E2D_OK) {
        cli_error(path, "%s", err.msg);
        return EXIT_BAD_INPUT;
    }
    cli_watch_input(in, path);
    return 0;
}

void cli_close_input(struct e2d_input *in)
{
    cli_unwatch_input(in);
    e2d_input_close(in);
}

const char *cli_changed_input(struct e2d_error *err)
{
    for (sig_atomic_t i = 0; i < nwatched; i++)
        if (watched[i].in && e2d_input_check_unchanged(watched[i].in, err) != E2D_OK)
            return watched[i].path;
    return NULL;
}
