/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_dist.c — any text as a distribution: dist_parse accepts or rejects
 * with a reason; an accepted one samples finite values >= 0, monotone in u,
 * and prints back to a text that parses to the same distribution.
 */
#include <math.h>

#include "fuzz_util.h"
#include "ownsim/dist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = fuzz_string(data, size);
    dist d;
    char why[256] = "";
    if (dist_parse(text, "/tmp", &d, why, sizeof why) < 0) {
        if (!why[0])
            abort();
        free(text);
        return 0;
    }
    static const double us[] = {1e-12, 0.001, 0.1, 0.5, 0.9, 0.999, 1 - 1e-12};
    double prev = -1;
    for (size_t i = 0; i < sizeof us / sizeof *us; i++) {
        double x = dist_quantile(&d, us[i]);
        if (!isfinite(x) || x < 0 || x < prev)
            abort();
        prev = x;
    }
    if (!isfinite(dist_mean(&d)))
        abort();
    char buf[4096];
    dist_format(&d, buf, sizeof buf);
    dist d2;
    if (dist_parse(buf, "/tmp", &d2, why, sizeof why) < 0)
        abort();
    char buf2[4096];
    dist_format(&d2, buf2, sizeof buf2);
    if (strcmp(buf, buf2) != 0)
        abort();
    dist_free(&d2);
    dist_free(&d);
    free(text);
    return 0;
}
