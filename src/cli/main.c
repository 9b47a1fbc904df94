/* elf2dfu command line: dispatches to the command; conversion is the default. */
#include "cli.h"

#include <string.h>

int main(int argc, char **argv)
{
    return cli_pack(argc, argv);
}
