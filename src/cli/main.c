/* SPDX-License-Identifier: BSD-2-Clause */
/* elf2dfu command line: dispatches to a command; conversion is the default. */
#include "cli.h"

#include <signal.h>
#include <string.h>

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } commands[] = {
        {"inspect", cli_inspect},
        {"verify", cli_verify},
        {"extract", cli_extract},
        {"devices", cli_devices},
        {"map", cli_map},
    };

    /* Past a file-size limit (ulimit -f), fail the write with EFBIG and
     * clean up, instead of dying with the temporary file half written. */
    signal(SIGXFSZ, SIG_IGN);
    cli_signals_init();
    /* Decided before any option is parsed, so that even a usage error
     * comes as the JSON document a script waits for. */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0)
            cli_report_json(true);
    if (argc > 1) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return cli_finish(commands[i].run(argc - 1, argv + 1));
    }
    return cli_finish(cli_pack(argc, argv));
}
