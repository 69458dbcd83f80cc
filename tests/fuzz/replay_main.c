/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay_main.c — runs a fuzz harness over files without libFuzzer, so the
 * corpus and every crash ever found are re-checked by `make test` (with
 * gcc, and under the sanitizers by `make asan`).
 *
 *   fuzz-replay-NAME FILE...   exit 0 when every file passes
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        uint8_t *buf = NULL;
        size_t n = 0, cap = 0;
        for (;;) {
            if (n == cap) {
                cap = cap ? 2 * cap : 4096;
                buf = realloc(buf, cap);
                if (!buf)
                    return 1;
            }
            size_t r = fread(buf + n, 1, cap - n, f);
            if (r == 0)
                break;
            n += r;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
    }
    printf("%d inputs replayed\n", argc - 1);
    return 0;
}
