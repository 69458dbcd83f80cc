/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * histogram.c — log-bucketed histogram on a gsl_histogram (see histogram.h).
 *
 * Layout: bin 0 is [0, HIST_MIN); bin k >= 1 is [HIST_MIN r^(k-1),
 * HIST_MIN r^k) with r = 1 + 2*HIST_REL_ERR, up to the first edge above
 * HIST_MAX (2084 bins).  With that ratio the arithmetic midpoint of a bin is
 * within HIST_REL_ERR of every value in it (the geometric one, within
 * HIST_REL_ERR/(1+HIST_REL_ERR)).  The edges live in the gsl_histogram's
 * range array and are the single source of truth: hist_add finds the bin
 * from a table indexed by the value's exponent and top mantissa bits plus
 * one comparison with a stored edge (see cell_bin below) instead of
 * gsl_histogram_increment's binary search, so a value always lands where
 * gsl_histogram_find would put it.
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
 * bin, and lo[i], hi[i] mean nothing for an empty one (lo_of and hi_of
 * answer +inf and -inf there); pdf_ok is false after any change to the
 * counts.  Counts are integer-valued doubles, so merging is
 * exact and order-independent up to 2^53 values.
 *
 * Costs: add O(1) (a table lookup); merge and reset O(bins); the first quantile or
 * cdf after a change O(bins) to rebuild the cumulative sums, then O(log bins).
 * Memory: the edges once per process (17 KB); per histogram the counts
 * (17 KB, zeroed at creation), the extremes (2 x 17 KB, touched only where
 * values fall) and the cumulative sums (2 x 17 KB, touched on the first
 * quantile or cdf).
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

/* Bin lookup without libm or search.  The top CELL_BITS bits of a double's
 * mantissa, with its exponent, cut [0, inf) into cells narrower than any bin
 * (relative width <= 2^-8 = 0.0039 against the bins' 0.01), so a cell meets
 * at most two bins.  cell_bin[] holds the bin of each cell's smallest value;
 * the bin of x is that or the next one, and one comparison with the next
 * stored edge settles which.  The edges come from edge() for both the table
 * and every histogram, so the two agree exactly.  Cells below CELL_LO (all
 * under HIST_MIN) use CELL_LO's entry, bin 0.  16 KB, filled once, before any
 * thread can read it. */
#define CELL_BITS 8
#define CELL_OF(x) (cell_bits(x) >> (52 - CELL_BITS))
#define CELL_LO ((uint64_t)(1023 - 8) << CELL_BITS)   /* 2^-8: below HIST_MIN */
#define CELL_HI ((uint64_t)(1023 + 24) << CELL_BITS)  /* 2^24: above the last edge */
static uint16_t cell_bin[CELL_HI - CELL_LO + 1];

static inline uint64_t cell_bits(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

static double log_ratio(void)
{
    return log1p(2.0 * HIST_REL_ERR);
}

/* Number of log-spaced bins: the smallest k with HIST_MIN r^k > HIST_MAX. */
static size_t log_bins(double log_r)
{
    size_t k = (size_t)ceil(log(HIST_MAX / HIST_MIN) / log_r);
    while (HIST_MIN * exp((double)k * log_r) <= HIST_MAX)
        k++;
    return k;
}

/* Edge k of the layout: range[0] = 0, range[k] = HIST_MIN r^(k-1). */
static double edge(size_t k, double log_r)
{
    return k == 0 ? 0.0 : HIST_MIN * exp((double)(k - 1) * log_r);
}

static void fill_cells(void)
{
    double log_r = log_ratio();
    size_t n = log_bins(log_r) + 1, bin = 0;
    for (uint64_t c = CELL_LO; c <= CELL_HI; c++) {
        uint64_t bits = c << (52 - CELL_BITS);
        double lo;
        memcpy(&lo, &bits, sizeof lo);
        while (bin + 1 < n && lo >= edge(bin + 1, log_r))
            bin++;
        cell_bin[c - CELL_LO] = (uint16_t)bin;
    }
}

/* The edges every histogram shares: range[0] = 0, range[k] = HIST_MIN
 * r^(k-1), k = 0..nbins.  Computed once (2,085 exp calls), before any thread
 * can read them, then read-only: a histogram points its gsl_histogram's
 * range at them instead of computing and storing its own copy, which made
 * creating one cost about 30 us and 17 KB of fresh pages (a sweep creates
 * 20 per point and worker). */
static double *edges;
static size_t nbins;
static pthread_once_t edges_once = PTHREAD_ONCE_INIT;
static bool edges_ok;

static void fill_edges(void)
{
    double log_r = log_ratio();
    size_t n = log_bins(log_r) + 1;
    /* never freed: one table for the life of the process */
    double *r = malloc((n + 1) * sizeof *r);
    if (!r)
        return;
    for (size_t k = 0; k <= n; k++)
        r[k] = edge(k, log_r);
    edges = r;
    nbins = n;
    fill_cells();
    edges_ok = true;
}

/* lo[i] and hi[i] hold meaning only while bin i counts something: the first
 * value counted in an empty bin sets both, and readers ask lo_of / hi_of,
 * which answer +inf and -inf for an empty bin.  So neither array needs
 * initialising or clearing: creating and resetting a histogram touch only
 * the counts, and the extremes' pages only where values fall. */
struct hist {
    gsl_histogram g;         /* counts (bin, owned) and the shared edges
                                (range, borrowed from edges, never written) */
    double *lo;              /* smallest value seen in each non-empty bin */
    double *hi;              /* largest value seen in each non-empty bin */
    double total;            /* number of values counted */
    gsl_histogram_pdf *pdf;  /* cumulative sums for quantile and cdf; its
                                memory is touched on the first query */
    bool pdf_ok;             /* pdf matches the current counts */
};

static inline double lo_of(const hist *h, size_t i)
{
    return h->g.bin[i] > 0.0 ? h->lo[i] : INFINITY;
}

static inline double hi_of(const hist *h, size_t i)
{
    return h->g.bin[i] > 0.0 ? h->hi[i] : -INFINITY;
}

hist *hist_create(void)
{
    pthread_once(&edges_once, fill_edges);
    if (!edges_ok)
        return NULL;
    hist *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->g.n = nbins;
    h->g.range = edges;
    h->g.bin = calloc(nbins, sizeof *h->g.bin);
    h->pdf = gsl_histogram_pdf_alloc(nbins);
    h->lo = malloc(nbins * sizeof *h->lo);
    h->hi = malloc(nbins * sizeof *h->hi);
    if (!h->g.bin || !h->pdf || !h->lo || !h->hi) {
        hist_destroy(h);
        return NULL;
    }
    return h;
}

void hist_destroy(hist *h)
{
    if (!h)
        return;
    free(h->g.bin);         /* the range is the shared edges: not ours */
    if (h->pdf)
        gsl_histogram_pdf_free(h->pdf);
    free(h->lo);
    free(h->hi);
    free(h);
}

void hist_reset(hist *h)
{
    gsl_histogram_reset(&h->g);   /* the extremes need no clearing (lo_of) */
    h->total = 0.0;
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

/* Bin of x in [0, HIST_MAX], as gsl_histogram_find would give it.  O(1):
 * one table entry and one edge, no branch. */
static inline size_t bin_of(const hist *h, double x)
{
    uint64_t c = CELL_OF(x);
    c = c < CELL_LO ? CELL_LO : c;
    size_t i = cell_bin[c - CELL_LO];
    return i + (x >= h->g.range[i + 1]);
}

size_t hist_bin(const hist *h, double x)
{
    if (!clamp(&x))
        return 0;
    return bin_of(h, x);
}

/* Count x (already clamped to [0, HIST_MAX]) in bin i of h. */
static inline void count_at(hist *h, size_t i, double x)
{
    if (h->g.bin[i] == 0.0) {
        h->lo[i] = x;
        h->hi[i] = x;
    } else if (x < h->lo[i]) {
        h->lo[i] = x;
    } else if (x > h->hi[i]) {
        h->hi[i] = x;
    }
    h->g.bin[i] += 1.0;
    h->total += 1.0;
    h->pdf_ok = false;
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
        for (size_t i = 0; i < dst->g.n; i++)
            dst->g.bin[i] *= 2.0;
        dst->total *= 2.0;
        dst->pdf_ok = false;
        return;
    }
    for (size_t i = 0; i < dst->g.n; i++) {
        if (src->g.bin[i] == 0.0)
            continue;
        if (dst->g.bin[i] == 0.0) {
            dst->lo[i] = src->lo[i];
            dst->hi[i] = src->hi[i];
        } else {
            if (src->lo[i] < dst->lo[i])
                dst->lo[i] = src->lo[i];
            if (src->hi[i] > dst->hi[i])
                dst->hi[i] = src->hi[i];
        }
    }
    gsl_histogram_add(&dst->g, &src->g); /* same edges: the shared table */
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
        gsl_histogram_pdf_init(m->pdf, &m->g);
        m->pdf_ok = true;
    }
    return m->pdf;
}

/* Map position x inside bin i (GSL edges) onto the bin's observed values. */
static double to_observed(const hist *h, size_t i, double x)
{
    const double *range = h->g.range;
    double f = (x - range[i]) / (range[i + 1] - range[i]);
    if (f < 0.0)
        f = 0.0;
    if (f > 1.0)
        f = 1.0;
    return lo_of(h, i) + f * (hi_of(h, i) - lo_of(h, i));
}

double hist_quantile(const hist *h, double q)
{
    if (h->total <= 0.0 || !(q >= 0.0 && q <= 1.0))
        return NAN;
    const gsl_histogram_pdf *p = cdf_table(h);
    size_t n = h->g.n;
    /* GSL's sums end near, not exactly at, 1; scale q to them. */
    double r = q * p->sum[n];
    if (r >= p->sum[n]) {
        size_t i = n;
        while (i > 0 && h->g.bin[i - 1] == 0.0)
            i--;
        return hi_of(h, i - 1);
    }
    double x = gsl_histogram_pdf_sample(p, r);
    size_t i = bin_of(h, x > HIST_MAX ? HIST_MAX : x);  /* x may round to the top edge */
    /* Rounding can put x on the upper edge of its bin, i.e. in the next
     * (possibly empty) bin; the sums decide which bin r belongs to. */
    if (i > 0 && r < p->sum[i])
        return to_observed(h, i - 1, h->g.range[i]);
    return to_observed(h, i, x);
}

double hist_cdf(const hist *h, double x)
{
    if (h->total <= 0.0 || isnan(x))
        return NAN;
    if (x < 0.0)
        return 0.0;
    const gsl_histogram_pdf *p = cdf_table(h);
    size_t n = h->g.n;
    size_t i = bin_of(h, x > HIST_MAX ? HIST_MAX : x);
    double count = h->g.bin[i], within;
    if (count == 0.0 || x < h->lo[i])
        within = 0.0;
    else if (x >= h->hi[i])
        within = count;
    else /* the bin's smallest value is <= x, the rest spread linearly */
        within = 1.0 + (count - 1.0) * (x - h->lo[i]) / (h->hi[i] - h->lo[i]);
    double c = p->sum[i] / p->sum[n] + within / h->total;
    return c > 1.0 ? 1.0 : c;
}
