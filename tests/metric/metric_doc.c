/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metric_doc.c — prints the metric reference (metric_write_reference) that
 * docs/output.md carries between <!-- BEGIN METRICS --> and
 * <!-- END METRICS -->.  `make check-docs` (run by `make test`) compares the
 * two; `make metric-docs` rewrites the section.
 */
#include <stdio.h>

#include "ownsim/metric.h"

int main(void)
{
    metric_write_reference(stdout);
    return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}
