/*
 * histogram.c — log-bucketed histogram on a gsl_histogram (see histogram.h).
 *
 * Layout: bin 0 is [0, HIST_MIN); bin k >= 1 is [HIST_MIN r^(k-1),
 * HIST_MIN r^k) with r = 1 + 2*HIST_REL_ERR, up to the first edge above
 * HIST_MAX (2084 bins).  With that ratio the arithmetic midpoint of a bin is
 * within HIST_REL_ERR of every value in it (the geometric one, within
 * HIST_REL_ERR/(1+HIST_REL_ERR)).  The edges live in the gsl_histogram's
 * range array and are the single source of truth: hist_add estimates the bin
 * index from a table-driven log2 (exponent bits plus a 1024-entry mantissa
 * table: no libm call on the hot path) instead of gsl_histogram_increment's
 * binary search, then corrects it against that array, so a value always
 * lands where gsl_histogram_find would put it.
 *
 * Beside the counts each bin keeps the smallest and largest value it has
 * seen.  The quantile is GSL's inverse of the piecewise-linear CDF
 * (gsl_histogram_pdf_sample), whose position inside the bin is then mapped
 * from the bin's edges onto [smallest, largest] of that bin.  This makes p0
 * and p100 exact, and exact zeros or a constant read back exactly when no
 * other value shares their bin; for smooth data it changes almost nothing.
 * Worst case (two values at opposite ends of one bin) the error is one bin
 * width, 2*HIST_REL_ERR; the header's HIST_REL_ERR holds for the bin
 * midpoint and, in practice, for interpolation on dense data.  hist_cdf
 * counts a bin's smallest value as <= itself and spreads the others linearly
 * up to its largest, so it is exact at observed extremes and inverts
 * hist_quantile to within one value (1/count).
 *
 * Invariants: total == sum of the counts; lo[i] <= hi[i] for every non-empty
 * bin, lo = +inf and hi = -inf for empty ones; pdf_ok is false after any
 * change to the counts.  Counts are integer-valued doubles, so merging is
 * exact and order-independent up to 2^53 values.
 *
 * Costs: add O(1) (a table lookup); merge and reset O(bins); the first quantile or
 * cdf after a change O(bins) to rebuild the cumulative sums, then O(log bins).
 * Memory about 100 KB per histogram (six arrays of ~2084 doubles).
 * hist_quantile and hist_cdf refresh the cached CDF through a const pointer,
 * so two threads must not read the same histogram at once.
 */
#include "ownsim/histogram.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_histogram.h>

/* log2(1 + j/1024) for the mantissa's top 10 bits: with the exponent bits
 * it gives log2(x) to within 1.5e-3, a tenth of a bin (log2 r = 0.0144),
 * so the index it yields is off by at most one and the edge check below
 * settles it.  Filled once, before any thread can read it. */
#define MANT_BITS 10
static double log2_mant[1 << MANT_BITS];
static pthread_once_t log2_once = PTHREAD_ONCE_INIT;

static void fill_log2(void)
{
    for (int j = 0; j < (1 << MANT_BITS); j++)
        log2_mant[j] = log2(1.0 + (double)j / (1 << MANT_BITS));
}

/* log2(x) for a finite x > 0 (normal), within 1.5e-3; no libm call. */
static inline double fast_log2(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int exp2 = (int)((bits >> 52) & 0x7ff) - 1023;
    return exp2 + log2_mant[(bits >> (52 - MANT_BITS)) & ((1u << MANT_BITS) - 1)];
}

struct hist {
    gsl_histogram *g;        /* counts and bin edges */
    double *lo;              /* smallest value seen in each bin, +inf if none */
    double *hi;              /* largest value seen in each bin, -inf if none */
    double total;            /* number of values counted */
    double log2_min;         /* log2(HIST_MIN), for the direct bin index */
    double inv_log2_r;       /* 1 / log2(r), for the direct bin index */
    gsl_histogram_pdf *pdf;  /* cumulative sums for quantile and cdf */
    bool pdf_ok;             /* pdf matches the current counts */
};

/* Number of log-spaced bins: the smallest k with HIST_MIN r^k > HIST_MAX. */
static size_t log_bins(double log_r)
{
    size_t k = (size_t)ceil(log(HIST_MAX / HIST_MIN) / log_r);
    while (HIST_MIN * exp((double)k * log_r) <= HIST_MAX)
        k++;
    return k;
}

static void clear_extremes(hist *h)
{
    for (size_t i = 0; i < h->g->n; i++) {
        h->lo[i] = INFINITY;
        h->hi[i] = -INFINITY;
    }
}

hist *hist_create(void)
{
    hist *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    double log_r = log1p(2.0 * HIST_REL_ERR);
    size_t n = log_bins(log_r) + 1;
    double *range = malloc((n + 1) * sizeof *range);
    h->g = gsl_histogram_alloc(n);
    h->pdf = gsl_histogram_pdf_alloc(n);
    h->lo = malloc(n * sizeof *h->lo);
    h->hi = malloc(n * sizeof *h->hi);
    if (!range || !h->g || !h->pdf || !h->lo || !h->hi) {
        free(range);
        hist_destroy(h);
        return NULL;
    }
    range[0] = 0.0;
    for (size_t k = 1; k <= n; k++)
        range[k] = HIST_MIN * exp((double)(k - 1) * log_r);
    gsl_histogram_set_ranges(h->g, range, n + 1); /* also zeroes the bins */
    free(range);
    h->log2_min = log2(HIST_MIN);
    h->inv_log2_r = 1.0 / (log_r / log(2.0));
    pthread_once(&log2_once, fill_log2);
    clear_extremes(h);
    return h;
}

void hist_destroy(hist *h)
{
    if (!h)
        return;
    if (h->g)
        gsl_histogram_free(h->g);
    if (h->pdf)
        gsl_histogram_pdf_free(h->pdf);
    free(h->lo);
    free(h->hi);
    free(h);
}

void hist_reset(hist *h)
{
    gsl_histogram_reset(h->g);
    clear_extremes(h);
    h->total = 0.0;
    h->pdf_ok = false;
}

/* Bin of x >= 0, as gsl_histogram_find would give it (values past the last
 * edge go to the last bin).  O(1), no libm call. */
static size_t bin_of(const hist *h, double x)
{
    const double *range = h->g->range;
    size_t last = h->g->n - 1;
    if (x < range[1])
        return 0;
    if (x >= range[last])
        return last;
    /* x >= range[1] = HIST_MIN, so the quotient is >= 0 up to the table's
     * error: truncation is floor here, and a -0.x estimate lands on bin 1 */
    double k = (fast_log2(x) - h->log2_min) * h->inv_log2_r + 1.0;
    size_t i = k < 1.0 ? 1 : (k > (double)last ? last : (size_t)k);
    /* the estimate and the stored edges may disagree by one bin */
    while (i > 1 && x < range[i])
        i--;
    while (i < last && x >= range[i + 1])
        i++;
    return i;
}

/* Count x (already clamped to [0, HIST_MAX]) in bin i of h. */
static inline void count_at(hist *h, size_t i, double x)
{
    h->g->bin[i] += 1.0;
    if (x < h->lo[i])
        h->lo[i] = x;
    if (x > h->hi[i])
        h->hi[i] = x;
    h->total += 1.0;
    h->pdf_ok = false;
}

static inline bool clamp(double *x)
{
    if (isnan(*x))
        return false;
    if (*x < 0.0)
        *x = 0.0;
    if (*x > HIST_MAX) /* keeps +inf out of the extremes */
        *x = HIST_MAX;
    return true;
}

void hist_add(hist *h, double x)
{
    if (clamp(&x))
        count_at(h, bin_of(h, x), x);
}

void hist_add_pair(hist *a, hist *b, double x)
{
    if (!clamp(&x))
        return;
    size_t i = bin_of(a, x);   /* every histogram has the same edges */
    count_at(a, i, x);
    count_at(b, i, x);
}

void hist_merge(hist *dst, const hist *src)
{
    if (dst == src) {
        /* Doubling leaves the extremes as they are. */
        for (size_t i = 0; i < dst->g->n; i++)
            dst->g->bin[i] *= 2.0;
        dst->total *= 2.0;
        dst->pdf_ok = false;
        return;
    }
    gsl_histogram_add(dst->g, src->g); /* same layout by construction */
    for (size_t i = 0; i < dst->g->n; i++) {
        if (src->lo[i] < dst->lo[i])
            dst->lo[i] = src->lo[i];
        if (src->hi[i] > dst->hi[i])
            dst->hi[i] = src->hi[i];
    }
    dst->total += src->total;
    dst->pdf_ok = false;
}

double hist_count(const hist *h)
{
    return h->total;
}

/* Rebuild the cached cumulative sums if the counts changed.  The cache is
 * not part of the histogram's value, hence the cast (h is always heap
 * allocated, never a const object). */
static const gsl_histogram_pdf *cdf_table(const hist *h)
{
    hist *m = (hist *)h;
    if (!m->pdf_ok) {
        gsl_histogram_pdf_init(m->pdf, m->g);
        m->pdf_ok = true;
    }
    return m->pdf;
}

/* Map position x inside bin i (GSL edges) onto the bin's observed values. */
static double to_observed(const hist *h, size_t i, double x)
{
    const double *range = h->g->range;
    double f = (x - range[i]) / (range[i + 1] - range[i]);
    if (f < 0.0)
        f = 0.0;
    if (f > 1.0)
        f = 1.0;
    return h->lo[i] + f * (h->hi[i] - h->lo[i]);
}

double hist_quantile(const hist *h, double q)
{
    if (h->total <= 0.0 || !(q >= 0.0 && q <= 1.0))
        return NAN;
    const gsl_histogram_pdf *p = cdf_table(h);
    size_t n = h->g->n;
    /* GSL's sums end near, not exactly at, 1; scale q to them. */
    double r = q * p->sum[n];
    if (r >= p->sum[n]) {
        size_t i = n;
        while (i > 0 && h->g->bin[i - 1] == 0.0)
            i--;
        return h->hi[i - 1];
    }
    double x = gsl_histogram_pdf_sample(p, r);
    size_t i = bin_of(h, x);
    /* Rounding can put x on the upper edge of its bin, i.e. in the next
     * (possibly empty) bin; the sums decide which bin r belongs to. */
    if (i > 0 && r < p->sum[i])
        return to_observed(h, i - 1, h->g->range[i]);
    return to_observed(h, i, x);
}

double hist_cdf(const hist *h, double x)
{
    if (h->total <= 0.0 || isnan(x))
        return NAN;
    if (x < 0.0)
        return 0.0;
    const gsl_histogram_pdf *p = cdf_table(h);
    size_t n = h->g->n;
    size_t i = bin_of(h, x > HIST_MAX ? HIST_MAX : x);
    double count = h->g->bin[i], within;
    if (count == 0.0 || x < h->lo[i])
        within = 0.0;
    else if (x >= h->hi[i])
        within = count;
    else /* the bin's smallest value is <= x, the rest spread linearly */
        within = 1.0 + (count - 1.0) * (x - h->lo[i]) / (h->hi[i] - h->lo[i]);
    double c = p->sum[i] / p->sum[n] + within / h->total;
    return c > 1.0 ? 1.0 : c;
}
