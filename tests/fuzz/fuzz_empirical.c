/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_empirical.c — any bytes as the CSV of empirical(file=..., column=effort):
 * dist_parse accepts (values finite, >= 0, sorted; quantiles monotone and
 * finite; printed back, the same distribution) or rejects with a reason;
 * never crash, hang or leak.
 */
#include <math.h>

#include "fuzz_util.h"
#include "ownsim/dist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    const char *path = fuzz_file(data, size, "empirical");
    char spec[256], why[512] = "";
    snprintf(spec, sizeof spec, "empirical(file=%s, column=effort)", path);
    dist d;
    if (dist_parse(spec, NULL, &d, why, sizeof why) < 0) {
        if (!why[0] || d.data)
            abort();
        return 0;
    }
    if (d.kind != DIST_EMPIRICAL || d.n < 1 || !d.data)
        abort();
    for (size_t i = 0; i < d.n; i++)
        if (!isfinite(d.data[i]) || d.data[i] < 0 || (i && d.data[i] < d.data[i - 1]))
            abort();
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
    char buf[1024];
    dist_format(&d, buf, sizeof buf);
    dist d2;
    if (dist_parse(buf, NULL, &d2, why, sizeof why) < 0 || d2.n != d.n ||
        memcmp(d2.data, d.data, d.n * sizeof *d.data) != 0)
        abort();
    dist_free(&d2);
    dist_free(&d);
    return 0;
}
