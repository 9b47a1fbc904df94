#include <elf2dfu/input.h>

#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum e2d_status e2d_input_open(struct e2d_input *in, const char *path, struct e2d_error *err)
{
    struct stat sb;
    int fd;
    static const uint8_t empty[1];

    memset(in, 0, sizeof *in);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return e2d_fail(err, E2D_ERR_IO, "cannot open: %s", strerror(errno));
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return e2d_fail(err, E2D_ERR_IO, "cannot stat: %s", strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return e2d_fail(err, E2D_ERR_IO, S_ISDIR(sb.st_mode) ? "is a directory" : "not a regular file");
    }
    in->size = (uint64_t)sb.st_size;
    in->data = empty;
    if (in->size > 0) {
        if (in->size > SIZE_MAX) {
            close(fd);
            return e2d_fail(err, E2D_ERR_LIMIT, "too large to map");
        }
        in->map = mmap(NULL, (size_t)in->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (in->map == MAP_FAILED) {
            int e = errno;
            in->map = NULL;
            close(fd);
            return e2d_fail(err, E2D_ERR_IO, "cannot map: %s", strerror(e));
        }
        in->map_size = in->size;
        in->data = in->map;
    }
    close(fd);
    return E2D_OK;
}

void e2d_input_close(struct e2d_input *in)
{
    if (in->map)
        munmap(in->map, (size_t)in->map_size);
    memset(in, 0, sizeof *in);
}
