/* SPDX-License-Identifier: BSD-2-Clause */
/* Runs a fuzz target over files, without libFuzzer: `make check` replays
 * the committed corpus with the ordinary compiler and sanitizers. */
#include "fuzz.h"

#include <sys/stat.h>

int main(int argc, char **argv)
{
    int done = 0;

    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        struct stat sb;
        uint8_t *buf;
        size_t n;

        if (!f || fstat(fileno(f), &sb) != 0) {
            perror(argv[i]);
            return 1;
        }
        n = (size_t)sb.st_size;
        buf = malloc(n ? n : 1);
        if (!buf || fread(buf, 1, n, f) != n) {
            perror(argv[i]);
            return 1;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
        done++;
    }
    printf("%s: %d inputs replayed\n", argv[0], done);
    return 0;
}
