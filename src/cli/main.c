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
    };

    /* Past a file-size limit (ulimit -f), fail the write with EFBIG and
     * clean up, instead of dying with the temporary file half written. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc > 1) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 1, argv + 1);
    }
    return cli_pack(argc, argv);
}
