/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvfile.c — atomic CSV writer and record-by-record CSV reader on libcsv
 * (see csvfile.h).
 *
 * Writer design and invariants:
 *  - Every byte goes to a new temporary "<path>.tmp.<pid>.<random>" in the
 *    target's own directory, so the final rename(2) is atomic: a reader sees
 *    either the old file or the complete new one, never a prefix.
 *  - The temporary is created, never opened: O_CREAT | O_EXCL | O_NOFOLLOW,
 *    so a symlink or file planted at its name (even a guessed one) is never
 *    followed, truncated or written; a name taken is retried with another
 *    random part (mkstemp-style, but mode 0666 minus the umask as any new
 *    file, not mkstemp's 0600).  After that the file is only reached through
 *    its descriptor (csvw_splice reads a part back through it), except by
 *    the final rename and the unlink of an abort.
 *  - Write errors are sticky: the first failing call sets w->err and later
 *    calls are skipped; csvw_commit() then fails and removes the temporary.
 *    ferror() at commit also catches writes done through csvw_stream().
 *  - Each live temporary has a slot in a fixed registry (REG_SLOTS paths in
 *    static storage, no heap) so csvw_abort_all_signal_safe() can unlink them
 *    from a signal handler.  Slot states are lock-free C11 atomics: a handler
 *    only trusts a slot whose state is SLOT_LIVE, and a slot leaves SLOT_LIVE
 *    before its path is touched again.  A writer's slot is claimed (path
 *    written, state SLOT_BUSY) before its open(2) and made SLOT_LIVE only
 *    once the open created the file, with signals blocked in between: a
 *    handler never removes a file this process did not create (a planted
 *    one whose name was taken), and never misses one it did.
 *  - A tracked tree (csvw_track_tree: an output folder being built, see
 *    outdir.h) is removed with what it holds, after the files and before
 *    the plain folders.
 *  - The path "-" (csvfile.h, standard streams) is standard output: the
 *    bytes go to an unlinked tmpfile(3) instead, with no registry slot and no
 *    rename, and csvw_commit copies them to the stream the command line
 *    gave, so a failure before the commit leaves standard output untouched.
 *
 * Reader design and invariants:
 *  - The file is read in READ_CHUNK blocks and fed to libcsv one physical
 *    line (or the rest of a block) at a time.  Every byte of a segment lies on
 *    line `line`, so the line where a record starts is the line of the first
 *    segment after the previous record's end holding a non-blank byte (libcsv
 *    skips blank lines).  Cost: one extra pass over the bytes (memchr).
 *  - libcsv reuses its entry buffer, so each field is copied into one arena
 *    that is reset at every record end: memory is one record.
 *  - libcsv grows its buffer linearly by the block size; a big block and a
 *    check after each segment bound it to FIELD_MAX plus two blocks, and the
 *    field callback rejects anything longer than FIELD_MAX exactly.
 *  - libcsv cannot be stopped from a callback; once st->stop is set the
 *    callbacks ignore the rest of the segment and the loop ends.
 *  - A NUL byte is refused here, once for every reader: C strings would end
 *    at it and each reader would silently see a shorter field.  The bytes
 *    before it are parsed first, so the fields already complete tell which
 *    field holds it; the first record's names (when they fit HDR_KEEP) are
 *    kept to name its column.
 *  - csvr_column() is the one lookup of a column by name, for every reader
 *    that finds its columns in a header: a name written twice is ambiguous
 *    and refused there (unless the caller documents a first-wins rule).
 *
 *  - The path "-" is standard input, read whole into memory once (csvr_stdin)
 *    and then read like a file from that copy (fmemopen), so every reader of
 *    "-" and the provenance's hash see the same bytes.
 *
 * Costs: writing O(bytes); reading O(bytes) time (libcsv plus memchr and the
 * blank-line scan) and O(READ_CHUNK + largest record) memory.
 */
#define _DEFAULT_SOURCE   /* syscall(2) for getdents64 in a signal handler */
#include "ownsim/csvfile.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ---------------------------------------------------------------- writer */

#define REG_SLOTS 256         /* temporaries alive at once (files and folders) */

enum { SLOT_FREE, SLOT_BUSY, SLOT_LIVE, SLOT_LIVE_DIR, SLOT_LIVE_TREE };

/* Only lock-free atomics may be touched from a signal handler. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic_int must be lock-free");

/* Slot i holds reg_path[i] while reg_state[i] is SLOT_LIVE (a file) or
 * SLOT_LIVE_DIR (a folder, removed after the files). */
static atomic_int reg_state[REG_SLOTS];
static char reg_path[REG_SLOTS][PATH_MAX];

struct csvw {
    FILE *f;          /* the temporary file (opened read-write) */
    char *path;       /* target path, owned */
    char *tmp;        /* temporary path, owned */
    int slot;         /* registry slot of tmp */
    int err;          /* first errno of a failed write, 0 while all is well */
    size_t nfield;    /* fields written to the current record */
    char *buf;        /* fields not yet handed to f: one stdio call per block, owned */
    size_t len;       /* bytes in buf */
    bool to_std;      /* "-": f is a tmpfile copied to standard output at commit;
                         tmp is NULL and slot -1 */
};

#define WBUF (1u << 16)   /* the writer's own buffer */

/* Claim a free slot for path, in state live (SLOT_BUSY: claimed but not yet
 * trusted by a handler); -1 when all are taken or path is too long. */
static int reg_add_kind(const char *path, int live)
{
    size_t len = strlen(path);
    if (len >= PATH_MAX)
        return -1;
    for (int i = 0; i < REG_SLOTS; i++) {
        int expect = SLOT_FREE;
        if (atomic_compare_exchange_strong(&reg_state[i], &expect,
                                           SLOT_BUSY)) {
            memcpy(reg_path[i], path, len + 1);
            atomic_store(&reg_state[i], live);
            return i;
        }
    }
    return -1;
}


int csvw_track(const char *path, bool dir)
{
    return reg_add_kind(path, dir ? SLOT_LIVE_DIR : SLOT_LIVE);
}

int csvw_track_tree(const char *path)
{
    return reg_add_kind(path, SLOT_LIVE_TREE);
}

/* Hide the slot from handlers first, then release it. */
static void reg_del(int slot)
{
    if (slot < 0)
        return;
    atomic_store(&reg_state[slot], SLOT_BUSY);
    reg_path[slot][0] = '\0';
    atomic_store(&reg_state[slot], SLOT_FREE);
}

void csvw_untrack(int slot)
{
    if (slot >= 0 && slot < REG_SLOTS)
        reg_del(slot);
}

/* Remove the folder name (relative to dirfd) and what it holds, down to
 * TREE_DEPTH levels, with only async-signal-safe calls: openat, the raw
 * getdents64 system call (readdir may allocate), unlinkat, close.  Symbolic
 * links are removed, never followed (O_NOFOLLOW, and unlinkat removes the
 * link itself). */
#define TREE_DEPTH 3
struct ds_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};
static void rm_tree_signal_safe(int dirfd, const char *name, int depth)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        /* aligned for the kernel's records */
        _Alignas(8) char buf[2048];
        for (;;) {
            long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
            if (n <= 0)
                break;
            for (long at = 0; at < n;) {
                struct ds_dirent64 *d = (struct ds_dirent64 *)(buf + at);
                at += d->d_reclen;
                if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
                    continue;
                if (unlinkat(fd, d->d_name, 0) != 0 && depth + 1 < TREE_DEPTH)
                    rm_tree_signal_safe(fd, d->d_name, depth + 1);
            }
        }
        close(fd);
    }
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

void csvw_remove_tree(int dirfd, const char *name)
{
    rm_tree_signal_safe(dirfd, name, 0);
}

void csvw_abort_all_signal_safe(void)
{
    /* Only atomic loads, unlink(2) and rmdir(2): async-signal-safe.  Files
     * first, so that the folders are empty when their turn comes. */
    for (int i = 0; i < REG_SLOTS; i++)
        if (atomic_load(&reg_state[i]) == SLOT_LIVE)
            unlink(reg_path[i]);
    for (int i = 0; i < REG_SLOTS; i++)
        if (atomic_load(&reg_state[i]) == SLOT_LIVE_TREE)
            rm_tree_signal_safe(AT_FDCWD, reg_path[i], 0);
    for (int i = 0; i < REG_SLOTS; i++)
        if (atomic_load(&reg_state[i]) == SLOT_LIVE_DIR)
            rmdir(reg_path[i]);
}

static void w_free(csvw *w)
{
    free(w->path);
    free(w->tmp);
    free(w->buf);
    free(w);
}

/* Random bits for a temporary's name: the kernel's, or (where getrandom
 * fails) the clock and a counter.  Only uniqueness matters, not secrecy:
 * O_EXCL makes a guessed name harmless, the randomness only keeps one
 * planted name from blocking the writer. */
static uint64_t tmp_random(void)
{
    static atomic_uint_fast64_t counter;
    uint64_t r;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r)
        return r;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    r = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)ts.tv_sec;
    return r ^ (atomic_fetch_add(&counter, 1) + 1) * 0xBF58476D1CE4E5B9u;
}

/* Create w->tmp[n]: "<path>.tmp.<pid>.<random>", a new file (see the top
 * of this file), registered in w->slot.  The descriptor, or -1 with errno
 * set (ENOSPC with w->slot -1: the registry is full or the path too long);
 * w->slot is -1 or a claimed slot the caller releases on failure. */
static int create_tmp(csvw *w, size_t n)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
    w->slot = -1;
    for (int attempt = 0; attempt < 100; attempt++) {
        uint64_t r = tmp_random();
        char suffix[9];
        for (int i = 0; i < 8; i++, r >>= 5)
            suffix[i] = digits[r & 31];
        suffix[8] = '\0';
        snprintf(w->tmp, n, "%s.tmp.%ld.%s", w->path, (long)getpid(), suffix);
        reg_del(w->slot);
        w->slot = reg_add_kind(w->tmp, SLOT_BUSY);
        if (w->slot < 0) {
            errno = ENOSPC;
            return -1;
        }
        /* no handler runs between the open and the slot going live */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        int fd = open(w->tmp,
                      O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                      0666);
        int er = errno;
        if (fd >= 0)
            atomic_store(&reg_state[w->slot], SLOT_LIVE);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (fd >= 0)
            return fd;
        if (er != EEXIST) {
            errno = er;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

csvw *csvw_open_in(const char *dir, const char *name, os_error *e)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        err_set(e, OS_ERR_ENV, dir, 0, "", "a path in it is longer than %d bytes: %s",
                PATH_MAX - 1, name);
        return NULL;
    }
    return csvw_open(path, e);
}

void csvw_row(csvw *w, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csvw_str(w, fields[i]);
    csvw_end(w);
}

/* ------------------------------------------------------- standard streams */

#define READ_CHUNK_STD ((size_t)64 << 10)  /* first buffer for standard input, doubled */

static FILE *std_in, *std_out;   /* given by csv_set_stdio; not owned */
static const char *std_name = "-";   /* standard input's name in reports; static */
static pthread_mutex_t std_lock = PTHREAD_MUTEX_INITIALIZER;   /* guards the four below */
static unsigned char *std_buf;   /* standard input, read whole; owned for the process */
static size_t std_len;           /* bytes in std_buf */
static int std_state;            /* 0 not read yet, 1 read whole, -1 reading failed */
static os_error std_err;         /* why reading failed (std_state -1) */

void csv_set_stdio(FILE *in, FILE *out, const char *in_name)
{
    std_in = in;
    std_out = out;
    std_name = in_name ? in_name : "-";
}

const char *csv_stdin_name(void)
{
    return std_name;
}

const char *csv_shown_path(const char *path)
{
    return csv_is_stdio(path) ? std_name : path;
}

bool csv_is_stdio(const char *path)
{
    return path && path[0] == '-' && path[1] == '\0';
}

const unsigned char *csvr_stdin_bytes(size_t *n)
{
    pthread_mutex_lock(&std_lock);
    const unsigned char *b = std_state == 1 ? std_buf : NULL;
    *n = b ? std_len : 0;
    pthread_mutex_unlock(&std_lock);
    return b;
}

/* Is fd a device that may never end: a character or block device other
 * than a terminal and /dev/null? */
static bool endless_device(int fd)
{
    struct stat sb, nb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !(S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode)))
        return false;
    if (isatty(fd))
        return false;
    return !(stat("/dev/null", &nb) == 0 && S_ISCHR(nb.st_mode) && nb.st_rdev == sb.st_rdev);
}

/* Read standard input whole into std_buf (std_lock held).  0, or -1 with
 * std_err set. */
static int std_slurp(void)
{
    if (!std_in)
        return err_set(&std_err, OS_ERR_INPUT, "-", 0, "", "no standard input to read");
    if (endless_device(fileno(std_in)))
        return err_set(&std_err, OS_ERR_INPUT, "-", 0, "",
                       "standard input is a device, not a file: give a file or a pipe");
    size_t cap = READ_CHUNK_STD;
    if (!(std_buf = malloc(cap)))
        return err_set(&std_err, OS_ERR_ENV, "-", 0, "", "out of memory");
    for (;;) {
        if (std_len == cap) {
            unsigned char *g = cap <= SIZE_MAX / 2 ? realloc(std_buf, 2 * cap) : NULL;
            if (!g)
                return err_set(&std_err, OS_ERR_ENV, "-", 0, "", "out of memory");
            std_buf = g;
            cap *= 2;
        }
        size_t want = cap - std_len, k = fread(std_buf + std_len, 1, want, std_in);
        std_len += k;
        if (k < want) {   /* the end (a terminal is not asked again) or an error */
            if (ferror(std_in))
                return err_set(&std_err, OS_ERR_ENV, "-", 0, "", "read error: %s",
                               strerror(errno));
            return 0;
        }
    }
}

FILE *csvr_stdin(os_error *e)
{
    pthread_mutex_lock(&std_lock);
    if (std_state == 0)
        std_state = std_slurp() == 0 ? 1 : -1;
    FILE *f = NULL;
    if (std_state < 0) {
        *e = std_err;
    } else if (!(f = fmemopen(std_buf, std_len, "rb"))) {
        err_set(e, err_kind_errno(errno), "-", 0, "", "cannot read standard input: %s",
                strerror(errno));
    }
    pthread_mutex_unlock(&std_lock);
    return f;
}

/* csvw_open("-"): an unlinked temporary, copied to standard output at
 * commit. */
static csvw *open_std(os_error *e)
{
    if (!std_out) {
        err_set(e, OS_ERR_ENV, "", 0, "", "no standard output to write");
        return NULL;
    }
    csvw *w = calloc(1, sizeof *w);
    if (w) {
        w->slot = -1;
        w->to_std = true;
        w->path = strdup("-");
        w->buf = malloc(WBUF);
    }
    if (!w || !w->path || !w->buf) {
        if (w)
            w_free(w);
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        return NULL;
    }
    if (!(w->f = tmpfile())) {
        err_set(e, OS_ERR_ENV, "", 0, "",
                "cannot create a temporary file for standard output: %s", strerror(errno));
        w_free(w);
        return NULL;
    }
    return w;
}

/* Commit of "-": the temporary's bytes to standard output.  0, or -1 with
 * e set; frees w. */
static int commit_std(csvw *w, os_error *e)
{
    int er = w->err;
    if (!er && (fflush(w->f) == EOF || ferror(w->f)))
        er = errno ? errno : EIO;
    const char *step = "write the temporary file of";
    if (!er && fseek(w->f, 0, SEEK_SET) != 0)
        er = errno;
    char buf[1 << 14];
    size_t k;
    while (!er && (k = fread(buf, 1, sizeof buf, w->f)) > 0)
        if (fwrite(buf, 1, k, std_out) != k) {
            er = errno ? errno : EIO;
            step = "write to";
        }
    if (!er && ferror(w->f))
        er = EIO;
    if (!er && (fflush(std_out) == EOF || ferror(std_out))) {
        er = errno ? errno : EIO;
        step = "write to";
    }
    fclose(w->f);
    w->f = NULL;
    w_free(w);
    if (er)
        return err_set(e, OS_ERR_ENV, "", 0, "", "cannot %s standard output: %s", step,
                       strerror(er));
    return 0;
}

csvw *csvw_open(const char *path, os_error *e)
{
    if (!path || !*path) {
        err_set(e, OS_ERR_ENV, "", 0, "", "empty output path");
        return NULL;
    }
    if (csv_is_stdio(path))
        return open_std(e);
    csvw *w = calloc(1, sizeof *w);
    if (!w) {
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        return NULL;
    }
    w->slot = -1;
    /* the rename at commit would replace whatever is there: refuse anything
     * but a regular file (as root, -o /dev/null would become a file) */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        err_set(e, OS_ERR_ENV, path, 0, "", "exists and is not a regular file: ownsim "
                "writes whole files (a temporary, then a rename), so give a file path");
        free(w);
        return NULL;
    }
    size_t n = strlen(path) + 48;
    w->path = strdup(path);
    w->tmp = malloc(n);
    w->buf = malloc(WBUF);
    if (!w->path || !w->tmp || !w->buf) {
        w_free(w);
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        return NULL;
    }
    int fd = create_tmp(w, n);
    if (fd < 0) {
        int er = errno;
        if (er == ENOSPC && w->slot < 0)
            err_set(e, OS_ERR_ENV, path, 0, "",
                    "cannot track the temporary file (path too long or more "
                    "than %d output files open at once)", REG_SLOTS);
        else {
            const char *hint = er == ENOENT ? " (does the directory exist?)"
                               : er == EACCES || er == EROFS
                                   ? " (is the directory writable?)"
                                   : "";
            err_set(e, OS_ERR_ENV, path, 0, "", "cannot create %s: %s%s",
                    w->tmp, strerror(er), hint);
        }
        reg_del(w->slot);
        w_free(w);
        return NULL;
    }
    w->f = fdopen(fd, "w");
    if (!w->f) {
        err_set(e, OS_ERR_ENV, path, 0, "", "cannot open %s: %s", w->tmp,
                strerror(errno));
        close(fd);
        unlink(w->tmp);
        reg_del(w->slot);
        w_free(w);
        return NULL;
    }
    return w;
}

/* Record the first failure; later writes are skipped. */
static void w_fail(csvw *w)
{
    if (!w->err)
        w->err = errno ? errno : EIO;
}

/* Hand buf to the stream. */
static void w_drain(csvw *w)
{
    if (w->len && !w->err && fwrite(w->buf, 1, w->len, w->f) != w->len)
        w_fail(w);
    w->len = 0;
}

/* Append n bytes. */
static void w_put(csvw *w, const char *p, size_t n)
{
    if (w->len + n > WBUF) {
        w_drain(w);
        if (n > WBUF) {
            if (!w->err && fwrite(p, 1, n, w->f) != n)
                w_fail(w);
            return;
        }
    }
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

/* Write the separator before every field but the first of a record. */
static int w_sep(csvw *w)
{
    if (w->err)
        return -1;
    if (w->nfield++ > 0)
        w_put(w, ",", 1);
    return 0;
}

void csvw_str(csvw *w, const char *s)
{
    if (w_sep(w))
        return;
    if (!s)
        return;
    size_t len = strlen(s);
    if (!strpbrk(s, ",\"\r\n")) {
        w_put(w, s, len);   /* plain fields stay unquoted for readability */
        return;
    }
    /* libcsv quotes it: into our buffer when it fits, else straight out */
    size_t need = csv_write(NULL, 0, s, len);
    if (w->len + need > WBUF)
        w_drain(w);
    if (need <= WBUF) {
        w->len += csv_write(w->buf + w->len, WBUF - w->len, s, len);
    } else if (!w->err && csv_fwrite(w->f, s, len) != 0) {
        w_fail(w);
    }
}

void csvw_num(csvw *w, double x, int digits)
{
    if (w_sep(w))
        return;
    if (!isfinite(x))
        return;   /* empty field: no value, not the text "nan" */
    /* %.0g would mean 1 anyway; beyond 17 digits only noise is added. */
    if (digits < 1)
        digits = 1;
    if (digits > 17)
        digits = 17;
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%.*g", digits, x);
    w_put(w, buf, (size_t)n);
}

/* Decimal digits of v into the end of buf (which ends at end); returns the
 * first digit.  No printf: this runs for every field of a trace. */
static char *utoa_back(uint64_t v, char *end)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

void csvw_int(csvw *w, long long x)
{
    if (w_sep(w))
        return;
    char buf[24], *end = buf + sizeof buf;
    uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    char *p = utoa_back(u, end);
    if (x < 0)
        *--p = '-';
    w_put(w, p, (size_t)(end - p));
}

void csvw_fixed(csvw *w, double x, int decimals)
{
    static const double scale[10] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    /* below 2^53 / 10^decimals the scaled value is an exact integer */
    if (!(x >= 0) || !(x * scale[decimals] < 9007199254740992.0)) {
        csvw_num(w, x, 17);
        return;
    }
    if (w_sep(w))
        return;
    uint64_t v = (uint64_t)llround(x * scale[decimals]);
    uint64_t unit = (uint64_t)scale[decimals];
    uint64_t ip = v / unit, fp = v % unit;
    char buf[48], *end = buf + sizeof buf, *p = end;
    if (fp) {
        int d = decimals;
        while (fp % 10 == 0) {   /* drop trailing zeros */
            fp /= 10;
            d--;
        }
        for (int i = 0; i < d; i++) {
            *--p = (char)('0' + fp % 10);
            fp /= 10;
        }
        *--p = '.';
    }
    p = utoa_back(ip, p);
    w_put(w, p, (size_t)(end - p));
}

int csvw_splice(csvw *dst, csvw *part, os_error *e)
{
    int rc = 0;
    w_drain(part);
    w_drain(dst);
    if (part->err || fflush(part->f) != 0) {
        rc = err_set(e, OS_ERR_ENV, part->path, 0, "", "write error: %s",
                     strerror(part->err ? part->err : errno));
        goto out;
    }
    /* read back through part's own descriptor (read-write), not by name:
     * the name could have been swapped since it was created */
    int in = fileno(part->f);
    off_t at = 0;
    /* the kernel copies (no trip through user space); dst's stdio buffer is
     * flushed first and stays empty, so its later writes follow on */
    if (!dst->err && fflush(dst->f) != 0)
        w_fail(dst);
    int out_fd = fileno(dst->f);
    for (;;) {
        if (dst->err)
            break;
        ssize_t k = sendfile(out_fd, in, &at, 1 << 30);
        if (k == 0)
            break;
        if (k < 0) {
            if (errno == EINTR)
                continue;
            w_fail(dst);
        }
    }
out:
    csvw_abort(part);
    return rc;
}

void csvw_end(csvw *w)
{
    w->nfield = 0;
    if (w->err)
        return;
    w_put(w, "\r\n", 2);
}

FILE *csvw_stream(csvw *w)
{
    w_drain(w);   /* what the caller writes comes after the fields so far */
    return w->f;
}

/* fsync the directory so the rename itself survives a crash; best effort,
 * some file systems refuse fsync on directories. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash) {
        strcpy(dir, ".");
    } else if (slash == path) {
        strcpy(dir, "/");
    } else {
        size_t n = (size_t)(slash - path);
        if (n >= sizeof dir)
            return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int csvw_commit(csvw *w, os_error *e)
{
    if (!w)
        return err_set(e, OS_ERR_ENV, "", 0, "", "no output file to commit");
    const char *step = "write";
    w_drain(w);
    if (w->to_std)
        return commit_std(w, e);
    int er = w->err;
    if (!er && fflush(w->f) == EOF) {
        er = errno;
        step = "flush";
    }
    if (!er && ferror(w->f)) {
        er = EIO;   /* the failing call's errno is long gone */
        step = "write";
    }
    if (!er && fsync(fileno(w->f)) != 0) {
        er = errno;
        step = "fsync";
    }
    if (fclose(w->f) == EOF && !er) {
        er = errno;
        step = "close";
    }
    w->f = NULL;
    if (!er && rename(w->tmp, w->path) != 0) {
        er = errno;
        step = "rename";
    }
    if (er) {
        unlink(w->tmp);
        reg_del(w->slot);
        err_set(e, OS_ERR_ENV, w->path, 0, "", "cannot %s %s: %s", step,
                w->tmp, strerror(er));
        w_free(w);
        return -1;
    }
    reg_del(w->slot);
    sync_dir(w->path);
    w_free(w);
    return 0;
}

void csvw_abort(csvw *w)
{
    if (!w)
        return;
    if (w->f)
        fclose(w->f);
    if (w->tmp)
        unlink(w->tmp);
    reg_del(w->slot);
    w_free(w);
}

/* ---------------------------------------------------------------- reader */

#define READ_CHUNK ((size_t)64 << 10)      /* bytes per fread */
#define CSV_BLK ((size_t)64 << 10)         /* libcsv buffer growth step */
#define FIELD_MAX ((size_t)16 << 20)       /* longest field accepted */
#define RECORD_MAX ((size_t)64 << 20)      /* bytes of one record, all in */
#define HDR_KEEP ((size_t)64 << 10)        /* first-record bytes kept to name columns */

/* Parse state shared with the libcsv callbacks. */
typedef struct rd {
    const char *path;   /* for messages */
    os_error *e;        /* where errors go */
    csvr_record_fn fn;  /* user callback */
    void *ctx;          /* its context */
    char *arena;        /* fields of the current record, NUL-terminated */
    size_t used;        /* bytes used in arena */
    size_t cap;         /* bytes allocated in arena */
    size_t *off;        /* offset of each field in arena */
    char **ptr;         /* field pointers handed to fn */
    size_t nf;          /* fields in the current record */
    size_t ocap;        /* capacity of off */
    size_t pcap;        /* capacity of ptr */
    long rec_line;      /* line where the current record started */
    int need_start;     /* 1 until the next record's first byte is seen */
    int stop;           /* non-zero: ignore callbacks, stop reading */
    int rc;             /* value csvr_read returns once stop is set */
    long records;       /* records handed to fn so far */
    char *hdr;          /* the first record's fields (a copy of its arena), owned;
                           NULL when it was larger than HDR_KEEP */
    size_t *hdr_off;    /* offset of each of its fields in hdr, owned */
    size_t hdr_nf;      /* its number of fields */
} rd;

static void rd_fail(rd *st, os_errkind kind, long line, const char *msg)
{
    st->stop = 1;
    st->rc = err_set(st->e, kind, st->path, (int)line, "", "%s", msg);
}

/* A block of at least `need` elements: p itself, or p moved by realloc;
 * NULL when out of memory (p is then still valid).  Doubling: amortised O(1)
 * per element. */
static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * elem);
    if (q)
        *cap = n;
    return q;
}

static void on_field(void *data, size_t len, void *vst)
{
    rd *st = vst;
    if (st->stop)
        return;
    if (len > FIELD_MAX) {
        rd_fail(st, OS_ERR_INPUT, st->rec_line,
                "field too long (more than 16 MiB)");
        return;
    }
    if (st->used + len + 1 + (st->nf + 1) * 2 * sizeof(void *) > RECORD_MAX) {
        rd_fail(st, OS_ERR_INPUT, st->rec_line,
                "record too long (more than 64 MiB)");
        return;
    }
    char *a = grow(st->arena, &st->cap, st->used + len + 1, 1);
    if (a)
        st->arena = a;
    size_t *o = a ? grow(st->off, &st->ocap, st->nf + 1, sizeof *o) : NULL;
    if (o)
        st->off = o;
    char **q = o ? grow(st->ptr, &st->pcap, st->nf + 1, sizeof *q) : NULL;
    if (!q) {
        rd_fail(st, OS_ERR_ENV, st->rec_line, "out of memory");
        return;
    }
    st->ptr = q;
    if (len)
        memcpy(st->arena + st->used, data, len);
    st->arena[st->used + len] = '\0';
    st->off[st->nf++] = st->used;
    st->used += len + 1;
}

static void on_record(int c, void *vst)
{
    (void)c;
    rd *st = vst;
    if (st->stop)
        return;
    /* Pointers are built only now: the arena may move while it fills. */
    for (size_t i = 0; i < st->nf; i++)
        st->ptr[i] = st->arena + st->off[i];
    if (st->records++ == 0 && st->used <= HDR_KEEP) {
        /* keep the header's names, to name the column of a later NUL */
        st->hdr = malloc(st->used ? st->used : 1);
        st->hdr_off = malloc((st->nf ? st->nf : 1) * sizeof *st->hdr_off);
        if (st->hdr && st->hdr_off) {
            memcpy(st->hdr, st->arena, st->used);
            memcpy(st->hdr_off, st->off, st->nf * sizeof *st->off);
            st->hdr_nf = st->nf;
        } else {
            free(st->hdr);
            free(st->hdr_off);
            st->hdr = NULL;
            st->hdr_off = NULL;
        }
    }
    int r = st->fn(st->ctx, st->nf, st->ptr, st->rec_line);
    st->nf = 0;
    st->used = 0;
    st->need_start = 1;
    if (r) {
        st->stop = 1;
        st->rc = r;
    }
}

static int blank_only(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* Refuse the NUL byte met on line `line`: it lies in field st->nf (0-based)
 * of the record being read, as every field before it is complete. */
static void nul_fail(rd *st, long line)
{
    size_t k = st->nf;
    const char *name = st->records > 0 && st->hdr && k < st->hdr_nf
                           ? st->hdr + st->hdr_off[k] : NULL;
    const char *why = "a CSV file is text: is it binary, or UTF-16?";
    st->stop = 1;
    if (st->records == 0)
        st->rc = err_set(st->e, OS_ERR_INPUT, st->path, (int)line, "",
                         "field %zu of the header row holds a NUL byte (%s)", k + 1, why);
    else if (name && name[0])
        st->rc = err_set(st->e, OS_ERR_INPUT, st->path, (int)line, name,
                         "this field (field %zu) holds a NUL byte (%s)", k + 1, why);
    else
        st->rc = err_set(st->e, OS_ERR_INPUT, st->path, (int)line, "",
                         "field %zu holds a NUL byte (%s)", k + 1, why);
}

/* Parse a buffer of bytes; 0 to go on, 1 when st->stop was set. */
static int feed(struct csv_parser *p, rd *st, const unsigned char *buf,
                size_t n, long *line)
{
    size_t pos = 0;
    while (pos < n) {
        const unsigned char *nl = memchr(buf + pos, '\n', n - pos);
        size_t seg = nl ? (size_t)(nl - (buf + pos)) + 1 : n - pos;
        /* only the bytes before a NUL are parsed, then it is refused */
        const unsigned char *nul = memchr(buf + pos, '\0', seg);
        if (nul)
            seg = (size_t)(nul - (buf + pos));
        if (st->need_start && !blank_only(buf + pos, seg + (nul != NULL))) {
            st->rec_line = *line;
            st->need_start = 0;
        }
        if (csv_parse(p, buf + pos, seg, on_field, on_record, st) != seg &&
            !st->stop) {
            if (csv_error(p) == CSV_EPARSE)
                rd_fail(st, OS_ERR_INPUT, *line,
                        "malformed CSV (unbalanced quote?)");
            else   /* CSV_ENOMEM in our words, as every other allocation */
                rd_fail(st, OS_ERR_ENV, *line, csv_error(p) == CSV_ENOMEM
                                                   ? "out of memory"
                                                   : csv_strerror(csv_error(p)));
        }
        if (!st->stop && csv_get_buffer_size(p) > FIELD_MAX + 2 * CSV_BLK)
            rd_fail(st, OS_ERR_INPUT, *line,
                    "field too long (more than 16 MiB)");
        if (!st->stop && nul)
            nul_fail(st, *line);
        if (st->stop)
            return 1;
        if (nl)
            (*line)++;
        pos += seg;
    }
    return 0;
}

int csvr_read(const char *path, csvr_record_fn fn, void *ctx, os_error *e)
{
    bool std = csv_is_stdio(path);
    FILE *f = std ? csvr_stdin(e) : fopen(path, "rb");
    if (!f && std)
        return -1;
    if (!f)
        return err_set(e, err_kind_errno(errno), path, 0, "", "cannot open: %s",
                       strerror(errno));
    struct stat sb;
    if (!std && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return err_set(e, OS_ERR_INPUT, path, 0, "",
                       "is a directory, not a CSV file");
    }
    /* a device such as /dev/urandom never ends; pipes (e.g. <(command))
     * do, and are welcome */
    if (!std && fstat(fileno(f), &sb) == 0 && (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))) {
        fclose(f);
        return err_set(e, OS_ERR_INPUT, path, 0, "", "is a device, not a CSV file");
    }
    unsigned char *buf = malloc(READ_CHUNK);
    if (!buf) {
        fclose(f);
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI);
    csv_set_blk_size(&p, CSV_BLK);

    rd st = {.path = path, .e = e, .fn = fn, .ctx = ctx, .rec_line = 1,
             .need_start = 1};
    long line = 1;
    int first = 1;
    for (;;) {
        size_t n = fread(buf, 1, READ_CHUNK, f);
        size_t skip = 0;
        if (first && n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB &&
            buf[2] == 0xBF)
            skip = 3;
        first = 0;
        if (n > skip && feed(&p, &st, buf + skip, n - skip, &line))
            break;
        if (n < READ_CHUNK) {
            if (ferror(f)) {
                char m[160];
                snprintf(m, sizeof m, "read error: %s", strerror(errno));
                rd_fail(&st, OS_ERR_ENV, line, m);
                break;
            }
            if (csv_fini(&p, on_field, on_record, &st) != 0 && !st.stop)
                rd_fail(&st, OS_ERR_INPUT, st.rec_line,
                        "malformed CSV (unbalanced quote?)");
            break;
        }
    }
    csv_free(&p);
    free(buf);
    free(st.arena);
    free(st.off);
    free(st.ptr);
    free(st.hdr);
    free(st.hdr_off);
    fclose(f);
    return st.stop ? st.rc : 0;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Is the header field f the name, as `how` compares? */
static int same_name(const char *f, const char *name, csvr_match how)
{
    if (how == CSVR_EXACT)
        return strcmp(f, name) == 0;
    while (blank(*f))
        f++;
    while (blank(*name))
        name++;
    size_t nf = strlen(f), nn = strlen(name);
    while (nf && blank(f[nf - 1]))
        nf--;
    while (nn && blank(name[nn - 1]))
        nn--;
    if (nf != nn)
        return 0;
    for (size_t i = 0; i < nf; i++) {
        unsigned char a = (unsigned char)f[i], b = (unsigned char)name[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

long csvr_column(const char *path, long line, size_t nf, char *const *fields,
                 const char *name, csvr_match how, size_t *repeats, os_error *e)
{
    long first = -1;
    size_t more = 0;
    for (size_t i = 0; i < nf; i++) {
        if (!same_name(fields[i], name, how))
            continue;
        if (first < 0) {
            first = (long)i;
        } else if (!repeats) {
            err_set(e, OS_ERR_INPUT, path, (int)line, name,
                    "column '%s' appears twice in the header (fields %ld and %zu): "
                    "which one is meant is ambiguous; rename or remove one",
                    name, first + 1, i + 1);
            return -2;
        } else {
            more++;
        }
    }
    if (repeats)
        *repeats = more;
    return first;
}
