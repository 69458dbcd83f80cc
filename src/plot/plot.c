/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plot.c — `ownsim plot`: which charts a folder allows, and rendering them
 * all or none (see plot.h).
 *
 * Order of work, so that a failure leaves nothing behind:
 *  1. read and check every input; all data files, driver scripts, gnuplot's
 *     error logs and the images themselves are written into a private
 *     mkdtemp folder (0700: no one else can plant or swap a file there) —
 *     bad input stops here, and gnuplot never writes anywhere else;
 *  2. run gnuplot once per chart, each rendering to <private>/<chart>.<ext>;
 *  3. only when every chart rendered (exit 0, non-empty file): open OUTDIR
 *     as an output folder (outdir.h: locked, ownsim's or empty, built
 *     beside it), copy each image into it through an atomic writer
 *     (csvw_open, O_EXCL | O_NOFOLLOW), write provenance.ini, and swap the
 *     folder in whole.  On any failure the new folder is removed and an
 *     earlier OUTDIR stays as it was.
 * The private folder is removed in every case.  One gnuplot process per
 * chart: scripts cannot leak settings into one another.  OUTDIR is never
 * named to gnuplot; the private folder and the scripts folder are, only
 * through plot_path (never a pipe).
 */
#include "ownsim/plot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ownsim/csvfile.h"
#include "ownsim/datadir.h"
#include "ownsim/inifile.h"
#include "ownsim/outdir.h"
#include "ownsim/suggest.h"
#include "plot_int.h"

#define PLOT_MAX_CHARTS 10
#define PLOT_PATH 4096
#define TMP_BASE_MAX 1024   /* longer $TMPDIR values fall back to /tmp */

int plot_parse_format(const char *text, plot_format *out)
{
    static const char *const names[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(text, names[i])) {
            *out = (plot_format)i;
            return 0;
        }
    return -1;
}

/* One chart to render. */
typedef struct job {
    const char *name;                  /* chart name: script and image stem */
    char driver[PLOT_PATH];            /* the generated driver script */
    char tmpimg[PLOT_PATH];            /* <private>/<name>.<ext>: gnuplot's */
    char errlog[PLOT_PATH];            /* <private>/<name>.err */
    char heading[PLOT_PATH];           /* <private>/<name>.title: the chart's
                                          title as drawn, for SVG's <title> */
    char img[PLOT_PATH];               /* OUTDIR/<name>.<ext> */
    csvw *out;                         /* img's writer until committed, owned */
} job;

/* The terminal of each format, one layout for all three: a 16:9 canvas
 * whose fonts are the same share of its width.  The PDF is 18 cm x 10.125 cm
 * (510.24 x 287 pt: the text width of an A4 or Letter page, half its
 * height) with 9 pt text and nothing under 8 pt; PNG and SVG are 1600 x 900
 * with the same proportions (1 pt of the PDF = 1600 / 510.24 px), PNG at
 * --scale 2 twice that for slides.  The generic family sans-serif (the CSS
 * name, which fontconfig resolves too); noenhanced so `_` and `^` in names
 * are not markup.  %g: the scale; the canvas and font base follow. */
#define PDF_W_PT 510.24
#define BASE_PT 9.0
static const char *const terminals[] = {
    "set terminal pngcairo size %d,%d noenhanced font 'sans-serif,%.2f' "
    "linewidth %g background '#ffffff'",
    "set terminal svg size %d,%d noenhanced font 'sans-serif,%.2f' "
    "linewidth %g background '#ffffff'",
    "set terminal pdfcairo size 18cm,10.125cm noenhanced font 'sans-serif,%.2f' "
    "linewidth %g",
};
static const char *const extensions[] = {"png", "svg", "pdf"};

/* The terminal line, canvas and font base of format fmt at scale (PNG 1 or
 * 2; the vector formats ignore it), the canvas in the terminal's font
 * units: points for the PDF, pixels for SVG (font-size is in user units),
 * and for PNG 3/4 of a pixel (pngcairo draws a font size in points at 96
 * dpi: 1 pt = 4/3 px). */
static void put_terminal(FILE *f, plot_format fmt, int scale)
{
    int k = fmt == PLOT_PNG && scale > 1 ? scale : 1;
    double unit = fmt == PLOT_PNG ? 0.75 : 1.0;   /* font units per pixel */
    double w = 1600.0 * k * unit, fb = BASE_PT * w / PDF_W_PT;
    if (fmt == PLOT_PDF) {
        w = PDF_W_PT;
        fb = BASE_PT;
        fprintf(f, terminals[fmt], fb, 1.0);
    } else {
        fprintf(f, terminals[fmt], 1600 * k, 900 * k, fb, 2.0 * k);
    }
    fprintf(f, "\ncanvas_w = %.2f\ncanvas_h = %.2f\nfont_base = %.2f\n", w, w * 9 / 16, fb);
    /* lines of one multi-line text (tic labels) are 1.5 font sizes apart in
     * gnuplot's SVG, about 1.15 in the cairo terminals */
    fprintf(f, "text_line_em = %s\n", fmt == PLOT_SVG ? "1.5" : "1.15");
}

static int exists(const char *dir, const char *name)
{
    char p[PLOT_PATH];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* 1 when path holds a control character: it cannot be quoted unchanged
 * for gnuplot (plot_path refuses it). */
static int has_control(const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 1;
    return 0;
}

bool plot_keeps(const char *models, const char *name)
{
    if (!models)
        return true;
    size_t n = strlen(name);
    for (const char *p = models;;) {
        const char *comma = strchr(p, ','), *b = p, *end = comma ? comma : p + strlen(p);
        while (b < end && (*b == ' ' || *b == '\t'))
            b++;
        while (end > b && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if ((size_t)(end - b) == n && !memcmp(b, name, n))
            return true;
        if (!comma)
            return false;
        p = comma + 1;
    }
}

/* The models of dir/scenario.ini and its baseline, for --models. */
#define PLOT_MAX_MODELS 64
typedef struct models_ctx {
    char names[PLOT_MAX_MODELS][64]; /* the [model.NAME] sections, in order */
    int n;                           /* entries of names */
    char baseline[64];               /* simulation.baseline, "" when not found */
} models_ctx;

static int on_models(void *user, const char *sec, const char *key, const char *val, int line)
{
    (void)line;
    models_ctx *m = user;
    if (!strcmp(sec, "simulation") && !strcmp(key, "baseline"))
        snprintf(m->baseline, sizeof m->baseline, "%s", val);
    if (!strncmp(sec, "model.", 6) && m->n < PLOT_MAX_MODELS &&
        (!m->n || strcmp(m->names[m->n - 1], sec + 6)))
        snprintf(m->names[m->n++], sizeof m->names[0], "%s", sec + 6);
    return 0;
}

static const inifile_ops models_ops = {NULL, on_models};

/* --models: each name a model of dir/scenario.ini, named once, and the
 * baseline among them.  0, or -1 with e set (OS_ERR_INPUT). */
static int check_models(const plot_opts *o, os_error *e)
{
    if (!o->models)
        return 0;
    char p[PLOT_PATH];
    snprintf(p, sizeof p, "%s/scenario.ini", o->dir);
    models_ctx mc;
    memset(&mc, 0, sizeof mc);
    if (inifile_read_path(p, &models_ops, &mc, e) != 0)
        return -1;
    const char *names[PLOT_MAX_MODELS];
    for (int i = 0; i < mc.n; i++)
        names[i] = mc.names[i];
    int kept = 0;
    for (int i = 0; i < mc.n; i++)
        kept += plot_keeps(o->models, mc.names[i]);
    for (const char *q = o->models;;) {
        const char *comma = strchr(q, ','), *b = q, *end = comma ? comma : q + strlen(q);
        while (b < end && (*b == ' ' || *b == '\t'))
            b++;
        while (end > b && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(end - b < 255 ? end - b : 255), b);
        bool found = false;
        for (int i = 0; i < mc.n && !found; i++)
            found = !strcmp(mc.names[i], name);
        if (!found) {
            const char *hint = name[0] ? suggest_closest(name, names, (size_t)mc.n) : NULL;
            return err_set(e, OS_ERR_INPUT, "--models", 0, name,
                           "no model '%s' in %s%s%s%s", name, p, hint ? " (did you mean " : "",
                           hint ? hint : "", hint ? "?)" : "");
        }
        kept--;   /* a name given twice makes the count go below zero */
        if (!comma)
            break;
        q = comma + 1;
    }
    if (kept < 0)
        return err_set(e, OS_ERR_INPUT, "--models", 0, "", "a model is named twice in '%s'",
                       o->models);
    if (mc.baseline[0] && !plot_keeps(o->models, mc.baseline))
        return err_set(e, OS_ERR_INPUT, "--models", 0, "",
                       "the baseline '%s' of %s is not among the models chosen (%s): add it",
                       mc.baseline, p, o->models);
    return 0;
}

/* Remove the private folder and everything in it (flat: no subfolders),
 * without allocating (opendir allocates: a cleanup after memory ran out
 * left the folder behind). */
static void remove_tmpdir(const char *tmp)
{
    csvw_remove_tree(AT_FDCWD, tmp);
}

/* Write the driver of job j: terminal, output, title, the chart's variables
 * (from prep), then `load` of the chart's script. */
static int write_driver(job *j, const plot_opts *o, const char *scripts,
                        const char *prefix, const pchart_ctx *c,
                        const prun *run, os_error *e)
{
    char name[128];
    snprintf(name, sizeof name, "%s.gp", j->name);
    FILE *f = gp_open(c->tmp, name, j->driver, sizeof j->driver, e);
    if (!f)
        return -1;
    char script[PLOT_PATH];
    snprintf(script, sizeof script, "%s/%s.gp", scripts, j->name);
    fputs("# generated by ownsim plot: every text below is a quoted string\n", f);
    put_terminal(f, o->format, o->scale);
    fputs("set termoption noenhanced\nset encoding utf8\n", f);
    int bad = gp_path(f, "output_file", j->tmpimg) < 0;
    fputs("set output output_file\n", f);
    bad |= gp_str(f, "title_prefix", prefix) < 0;
    bad |= gp_path(f, "scripts_dir", scripts) < 0;
    bad |= gp_str(f, "format", extensions[o->format]) < 0;
    bad |= gp_str(f, "currency", c->currency) < 0;
    bad |= gp_str(f, "money_prefix", c->money) < 0;
    bad |= gp_path(f, "heading_file", j->heading) < 0;
    int rc;
    if (!strcmp(j->name, "stages"))
        rc = chart_stages(run, c, f, e);
    else if (!strcmp(j->name, "ttr"))
        rc = chart_ttr(run, c, f, e);
    else if (!strcmp(j->name, "cdf"))
        rc = chart_cdf(run, c, f, e);
    else if (!strcmp(j->name, "sla"))
        rc = chart_sla(run, c, f, e);
    else if (!strcmp(j->name, "cost"))
        rc = chart_cost(run, c, f, e);
    else if (!strcmp(j->name, "heatmap"))
        rc = chart_heatmap(c, f, e);
    else if (!strcmp(j->name, "tornado"))
        rc = chart_tornado(c, f, e);
    else if (!strcmp(j->name, "difference"))
        rc = chart_difference(c, f, e);
    else if (!strcmp(j->name, "prcc"))
        rc = chart_prcc(c, f, e);
    else if (!strcmp(j->name, "calibrate"))
        rc = chart_calibrate(c, f, e);
    else
        rc = chart_sweep(c, f, e);
    bad |= gp_path(f, "chart_script", script) < 0;
    fputs("load chart_script\nunset output\n", f);
    if (rc < 0) {
        fclose(f);
        return -1;
    }
    if (bad) {
        fclose(f);
        return err_set(e, OS_ERR_ENV, j->driver, 0, "", "out of memory");
    }
    return gp_close(f, j->driver, e);
}

/* The image gnuplot wrote: there and not empty. */
static int check_image(const job *j, os_error *e)
{
    struct stat sb;
    if (lstat(j->tmpimg, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0)
        return err_set(e, OS_ERR_ENV, j->img, 0, "",
                       "gnuplot exited 0 but wrote no image for the %s chart",
                       j->name);
    return 0;
}

/* The whole of file path in memory (*n bytes, NUL-terminated); NULL with
 * e set. */
static char *slurp(const char *path, size_t *n, os_error *e)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        err_set(e, OS_ERR_ENV, path, 0, "", "cannot read: %s", strerror(errno));
        return NULL;
    }
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap + 1);
    int er = buf ? 0 : ENOMEM;
    while (!er) {
        if (len == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (!b) {
                er = ENOMEM;
                break;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + len, cap - len);
        if (k == 0)
            break;
        if (k < 0 && errno != EINTR)
            er = errno;
        else if (k > 0)
            len += (size_t)k;
    }
    close(fd);
    if (er) {
        free(buf);
        err_set(e, OS_ERR_ENV, path, 0, "", "cannot read: %s", strerror(er));
        return NULL;
    }
    buf[len] = '\0';
    *n = len;
    return buf;
}

/* text with &, <, > and quotes as XML entities, control characters left out */
static void put_xml(FILE *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default:
            if (*p >= 0x20 && *p != 0x7f)
                fputc(*p, out);
        }
}

/* Copy the image gnuplot drew into j->out (write errors are sticky in the
 * writer's stream and reported by csvw_commit); in an SVG, gnuplot's fixed
 * <title>Gnuplot</title> becomes the chart's heading (which the chart
 * script printed into j->heading).  0 or -1 with e set. */
static int copy_image(const job *j, bool svg, os_error *e)
{
    size_t n;
    char *img = slurp(j->tmpimg, &n, e);
    if (!img)
        return -1;
    FILE *out = csvw_stream(j->out);
    static const char gp_title[] = "<title>Gnuplot</title>";
    char *t = svg ? strstr(img, gp_title) : NULL;
    size_t hn;
    char *heading = t ? slurp(j->heading, &hn, e) : NULL;
    if (t && !heading) {
        free(img);
        return -1;
    }
    if (t) {
        heading[strcspn(heading, "\r\n")] = '\0';
        fwrite(img, 1, (size_t)(t - img), out);
        fputs("<title>", out);
        put_xml(out, heading);
        fputs("</title>", out);
        size_t skip = (size_t)(t - img) + sizeof gp_title - 1;
        fwrite(img + skip, 1, n - skip, out);
    } else {
        fwrite(img, 1, n, out);
    }
    free(heading);
    free(img);
    return 0;
}

/* true when folder a is folder b or one of its ancestors (real paths; a
 * path that does not exist yet covers nothing that exists). */
static bool covers(const char *a, const char *b)
{
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool hit = false;
    if (ra && rb) {
        size_t n = strlen(ra);
        hit = !strncmp(ra, rb, n) && (rb[n] == '\0' || rb[n] == '/' || !strcmp(ra, "/"));
    }
    free(ra);
    free(rb);
    return hit;
}

/* The files of DIR the charts were drawn from, for the provenance. */
static int record_inputs(const plot_opts *o, bool run, bool sweep, os_error *e)
{
    static const char *const run_files[] = {"models.csv", "severities.csv", "ttr_hist.csv"};
    static const char *const study_files[] = {"sensitivity.csv", "uncertainty.ini", "sets.csv",
                                              "uncertainty.csv", "calibrate_cdf.csv"};
    char p[PLOT_PATH];
    if (!o->prov)
        return 0;
    snprintf(p, sizeof p, "%s/scenario.ini", o->dir);
    if (access(p, F_OK) == 0 && prov_add_file(o->prov, p, e) < 0)
        return -1;
    for (size_t i = 0; run && i < sizeof run_files / sizeof *run_files; i++) {
        snprintf(p, sizeof p, "%s/%s", o->dir, run_files[i]);
        if (prov_add_file(o->prov, p, e) < 0)
            return -1;
    }
    /* a sensitivity or an uncertainty folder's files, those it has */
    for (size_t i = 0; i < sizeof study_files / sizeof *study_files; i++) {
        snprintf(p, sizeof p, "%s/%s", o->dir, study_files[i]);
        if (exists(o->dir, study_files[i]) && prov_add_file(o->prov, p, e) < 0)
            return -1;
    }
    if (!sweep)
        return 0;
    snprintf(p, sizeof p, "%s/sweep.csv", o->dir);
    if (prov_add_file(o->prov, p, e) < 0)
        return -1;
    snprintf(p, sizeof p, "%s/breakeven.csv", o->breakeven ? o->breakeven : o->dir);
    return access(p, F_OK) == 0 ? prov_add_file(o->prov, p, e) : 0;
}

/* chartdir: -o, else DIR/charts; it must not be or contain the results
 * folder, the --breakeven folder or the scripts folder, since the charts
 * folder replaces it whole. */
static int charts_folder(const plot_opts *o, const char *scripts, char *chartdir, size_t n,
                         os_error *e)
{
    /* room left for "/charts", "/<chart>.<ext>" and the writer's temporary
     * suffix */
    if (strlen(o->out ? o->out : o->dir) + 64 >= n || strlen(o->dir) + 64 >= n)
        return err_set(e, OS_ERR_INPUT, o->out ? o->out : o->dir, 0, "",
                       "path too long");
    snprintf(chartdir, n, "%s", o->out ? o->out : o->dir);
    if (!o->out)
        strcat(chartdir, "/charts");
    if (covers(chartdir, o->dir))
        return err_set(e, OS_ERR_INPUT, chartdir, 0, "-o",
                       "is or contains the results folder %s: the charts folder replaces "
                       "its -o whole, so give a folder of its own (default: %s/charts)",
                       o->dir, o->dir);
    /* the same for every other folder the charts are drawn from */
    const char *from[] = {o->breakeven, scripts};
    const char *what[] = {"the --breakeven folder", "the scripts folder (OWNSIM_PLOTS)"};
    for (int i = 0; i < 2; i++)
        if (from[i] && covers(chartdir, from[i]))
            return err_set(e, OS_ERR_INPUT, chartdir, 0, "-o",
                           "is or contains %s %s: the charts folder replaces its -o "
                           "whole, so give a folder of its own", what[i], from[i]);
    return 0;
}

/* The charts DIR allows (the run's five, the sweep's one or, over two
 * axes or more, two; a sensitivity folder's tornado; an uncertainty
 * folder's difference and prcc), each with its
 * script and its image path in chartdir.  How many, or -1 with e set. */
static int pick_charts(const plot_opts *o, bool has_run, const char *scripts,
                       const char *chartdir, job *jobs, os_error *e)
{
    static const char *const run_charts[] = {"stages", "ttr", "cdf", "sla",
                                             "cost"};
    int njobs = 0;
    if (has_run)
        for (int i = 0; i < 5; i++)
            jobs[njobs++].name = run_charts[i];
    if (exists(o->dir, "sweep.csv")) {
        jobs[njobs++].name = "sweep";
        int naxes = sweep_naxes(o->dir, e);
        if (naxes < 0)
            return -1;
        if (naxes > 1)
            jobs[njobs++].name = "heatmap";
    } else if (o->slice) {
        return err_set(e, OS_ERR_INPUT, "", 0, "--slice",
                       "applies to a sweep folder, and %s has no sweep.csv", o->dir);
    }
    if (exists(o->dir, "sensitivity.csv"))
        jobs[njobs++].name = "tornado";
    if (exists(o->dir, "calibrate_cdf.csv"))
        jobs[njobs++].name = "calibrate";
    if (exists(o->dir, "uncertainty.ini")) {
        /* a shard's folder has no summary: P(A beats B) and the PRCCs are
         * computed over every set, by merge */
        if (!exists(o->dir, "uncertainty.csv"))
            return err_set(e, OS_ERR_INPUT, "", 0, "",
                           "%s is a shard of an uncertainty run (no uncertainty.csv): "
                           "merge the shards first (ownsim merge DIR1 DIR2 ... -o OUT), "
                           "then plot the merged folder", o->dir);
        jobs[njobs++].name = "difference";
        jobs[njobs++].name = "prcc";
    }
    for (int i = 0; i < njobs; i++) {
        char script[PLOT_PATH];
        snprintf(script, sizeof script, "%s/%s.gp", scripts, jobs[i].name);
        if (access(script, R_OK) != 0)
            return err_set(e, OS_ERR_ENV, script, 0, "",
                           "no gnuplot script here: %s (OWNSIM_PLOTS names the "
                           "folder of scripts)", strerror(errno));
        jobs[i].out = NULL;
        if (snprintf(jobs[i].img, sizeof jobs[i].img, "%s/%s.%s", chartdir,
                     jobs[i].name, extensions[o->format]) >= (int)sizeof jobs[i].img)
            return err_set(e, OS_ERR_INPUT, chartdir, 0, "", "path too long");
    }
    return njobs;
}

/* The private folder, tmp (TMP_BASE_MAX + 32 bytes), in $TMPDIR or /tmp;
 * a relative or odd TMPDIR such as '<x' is fine: plot_path makes every path
 * safe. */
static int make_private(char *tmp, size_t n, os_error *e)
{
    const char *tmpbase = getenv("TMPDIR");
    if (!tmpbase || !*tmpbase || strlen(tmpbase) > TMP_BASE_MAX ||
        has_control(tmpbase))
        tmpbase = "/tmp";
    snprintf(tmp, n, "%s/ownsim-plot.XXXXXX", tmpbase);
    if (!mkdtemp(tmp))
        return err_set(e, OS_ERR_ENV, tmp, 0, "",
                       "cannot create a temporary folder: %s", strerror(errno));
    gp_track(tmp, true);
    return 0;
}

/* Step 3, every chart rendered: copy the images into the new charts folder
 * (outdir.h) with the provenance, then swap it in whole.  On failure
 * nothing of it is left. */
static int publish(const plot_opts *o, job *jobs, int njobs, bool has_run,
                   const char *chartdir, os_error *e)
{
    outdir *od = outdir_open(chartdir, e);
    if (!od)
        return -1;
    int rc = -1;
    for (int i = 0; i < njobs; i++) {
        snprintf(jobs[i].img, sizeof jobs[i].img, "%s/%s.%s", outdir_path(od), jobs[i].name,
                 extensions[o->format]);
        if (!(jobs[i].out = csvw_open(jobs[i].img, e)) || copy_image(&jobs[i], o->format == PLOT_SVG, e) < 0)
            goto done;
    }
    for (int i = 0; i < njobs; i++) {
        csvw *w = jobs[i].out;
        jobs[i].out = NULL;   /* commit frees it, failing or not */
        if (csvw_commit(w, e) < 0)
            goto done;
    }
    if (record_inputs(o, has_run, exists(o->dir, "sweep.csv"), e) < 0 ||
        (o->prov && prov_write(o->prov, outdir_path(od), e) < 0))
        goto done;
    rc = outdir_commit(od, e);
    od = NULL;
done:
    for (int i = 0; i < njobs; i++) {
        csvw_abort(jobs[i].out);   /* NULL once committed */
        jobs[i].out = NULL;
    }
    outdir_abort(od);
    return rc;
}

/* The private files of each job: image, gnuplot's errors, the heading. */
static void job_paths(job *jobs, int njobs, const char *tmp, const char *ext)
{
    for (int i = 0; i < njobs; i++) {
        snprintf(jobs[i].tmpimg, sizeof jobs[i].tmpimg, "%s/%s.%s", tmp, jobs[i].name, ext);
        snprintf(jobs[i].errlog, sizeof jobs[i].errlog, "%s/%s.err", tmp, jobs[i].name);
        snprintf(jobs[i].heading, sizeof jobs[i].heading, "%s/%s.title", tmp, jobs[i].name);
    }
}

/* The folder of the gnuplot scripts: the caller's (OWNSIM_PLOTS), else the
 * shipped one found from the binary's place (datadir.h) in buf; when none is
 * found buf names the install prefix's, and pick_charts says it has no
 * script. */
static const char *scripts_folder(const plot_opts *o, char *buf, size_t n)
{
    if (o->scripts && *o->scripts)
        return o->scripts;
    datadir_find(DATADIR_PLOTS, buf, n);
    return buf;
}

int plot_run(const plot_opts *o, int *ncharts, os_error *e)
{
    *ncharts = 0;
    struct stat sb;
    if (!o->dir || stat(o->dir, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
        (!exists(o->dir, "models.csv") && !exists(o->dir, "sweep.csv") &&
         !exists(o->dir, "sensitivity.csv") && !exists(o->dir, "uncertainty.ini") &&
         !exists(o->dir, "calibrate_cdf.csv")))
        return err_set(e, OS_ERR_INPUT, "", 0, "",
                       "no results in %s (run `ownsim run` or `ownsim sweep` "
                       "first)", o->dir ? o->dir : "DIR");
    if ((unsigned)o->format > PLOT_PDF)
        return err_set(e, OS_ERR_INPUT, "", 0, "--format", "unknown format");
    char shipped[PLOT_PATH];
    const char *scripts = scripts_folder(o, shipped, sizeof shipped);
    const char *gnuplot = o->gnuplot && *o->gnuplot ? o->gnuplot : "gnuplot";
    char chartdir[PLOT_PATH];   /* where the charts go */
    if (charts_folder(o, scripts, chartdir, sizeof chartdir, e) < 0)
        return -1;
    if (has_control(scripts))
        return err_set(e, OS_ERR_INPUT, "", 0, "OWNSIM_PLOTS",
                       "a path with a control character (such as a newline) "
                       "cannot be passed to gnuplot");
    job jobs[PLOT_MAX_CHARTS];
    bool has_run = exists(o->dir, "models.csv");
    int njobs = pick_charts(o, has_run, scripts, chartdir, jobs, e);
    if (njobs < 0)
        return -1;
    if (check_models(o, e) < 0)
        return -1;
    /* the labels, the title prefix (--title, else the scenario's name) and
     * the currency of money axes (the scenario's, else USD: a folder
     * written before [organisation] existed is in USD's place) */
    plabels *lab = plabels_read(o->dir, e);
    if (!lab)
        return -1;
    const char *prefix = o->title ? o->title : plabels_name(lab);
    char money[64];
    plabels_money_prefix(lab, money, sizeof money);

    /* 1. inputs, drivers and images, in a private folder */
    char tmp[TMP_BASE_MAX + 32];
    if (make_private(tmp, sizeof tmp, e) < 0) {
        plabels_destroy(lab);
        return -1;
    }
    job_paths(jobs, njobs, tmp, extensions[o->format]);
    pchart_ctx c = {.dir = o->dir, .tmp = tmp, .metric = o->metric,
                   .be_dir = o->breakeven ? o->breakeven : o->dir,
                   .currency = plabels_currency(lab), .money = money, .labels = lab,
                   .slice = o->slice, .models = o->models, .prefix = prefix};
    prun *run = NULL;
    int rc = -1;
    if (has_run && !(run = prun_create(o->dir, o->models, e)))
        goto done;
    for (int i = 0; i < njobs; i++)
        if (write_driver(&jobs[i], o, scripts, prefix, &c, run, e) < 0)
            goto done;

    /* 2. render every chart in the private folder */
    for (int i = 0; i < njobs; i++) {
        gp_track(jobs[i].tmpimg, false);   /* gnuplot creates it */
        gp_track(jobs[i].heading, false);  /* so does the chart script */
        if (gp_run(gnuplot, jobs[i].driver, jobs[i].errlog, jobs[i].name,
                   e) < 0 ||
            check_image(&jobs[i], e) < 0)
            goto done;
    }

    /* 3. all rendered: publish them */
    rc = publish(o, jobs, njobs, has_run, chartdir, e);
    if (rc == 0)
        *ncharts = njobs;
done:
    prun_destroy(run);
    plabels_destroy(lab);
    remove_tmpdir(tmp);
    gp_untrack_all();
    return rc;
}
