/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outdir.c — output folders that change all at once (see outdir.h).
 *
 * Design and invariants:
 *  - Paths: the target is split into its parent and last name; "." and ".."
 *    (or a path ending in them) are first resolved to an absolute path, so
 *    that a name beside the target exists.  Every temporary lives in the
 *    parent: the commit is a rename within one file system.
 *  - Order in outdir_open: parents, lock, check the target, temporary.  The
 *    check runs under the lock, so no writer of the same target can change
 *    it in between; a target refused is never written, renamed or removed.
 *  - The lock file is removed by its holder while the lock is held; a
 *    writer that locks a file must therefore check that the name still
 *    refers to the file it locked (same device and inode), and retry if not.
 *  - The temporary folder is tracked as a tree from the moment mkdir(2)
 *    created it (signals blocked in between, as csvfile.c does for files),
 *    until it is renamed into place.  After RENAME_EXCHANGE its name holds
 *    the old folder, which is still tracked: a signal then removes the old
 *    folder, never the new one.
 *  - Where the file system cannot exchange (RENAME_EXCHANGE refused with
 *    EINVAL or ENOSYS), the old folder is renamed aside first and renamed
 *    back if the new one cannot be moved in.  Between those two renames the
 *    target name is briefly absent.
 */
#define _GNU_SOURCE   /* renameat2 and RENAME_EXCHANGE (glibc 2.28) */
#include "ownsim/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ownsim/csvfile.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

struct outdir {
    char target[PATH_MAX];    /* as given */
    char full[PATH_MAX];      /* the target, "."/".." resolved */
    char parent[PATH_MAX];    /* its folder */
    char tmp[PATH_MAX];       /* the temporary folder being filled */
    char lock[PATH_MAX];      /* the lock file */
    char created[PATH_MAX];   /* outermost parent created, "" when none */
    int lock_fd;              /* held flock, -1 when none */
    int slot;                 /* registry slot of tmp, -1 when none */
};

/* Remove path and everything under it without following symbolic links.
 * Best effort: what cannot be removed stays. */
static void rm_tree_at(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        DIR *d = fdopendir(fd);
        if (!d) {
            /* out of memory (a DIR is allocated): the walk that allocates
             * nothing, else the folder would stay */
            close(fd);
            csvw_remove_tree(dirfd, name);
            return;
        }
        struct dirent *de;
        while ((de = readdir(d)))
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
                unlinkat(fd, de->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM))
                rm_tree_at(fd, de->d_name);
        closedir(d);
    }
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* Create the parents of od->full that are missing; the outermost one
 * created goes to od->created. */
static int make_parents(outdir *od, os_error *e)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", od->parent);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(buf, 0777) == 0) {
            if (!od->created[0])
                snprintf(od->created, sizeof od->created, "%s", buf);
        } else if (errno != EEXIST) {
            /* a file in the way or a name too long is the path's fault */
            bool bad_path = errno == ENOTDIR || errno == ENAMETOOLONG;
            return err_set(e, bad_path ? OS_ERR_INPUT : OS_ERR_ENV, buf, 0, "",
                           "cannot create directory: %s", strerror(errno));
        }
        *p = c;
        if (!c)
            break;
    }
    struct stat st;
    if (stat(od->parent, &st) < 0 || !S_ISDIR(st.st_mode))
        return err_set(e, OS_ERR_INPUT, od->target, 0, "", "its parent %s is not a folder",
                       od->parent);
    return 0;
}

/* Undo make_parents, innermost first (rmdir leaves a folder that is not
 * empty). */
static void remove_parents(outdir *od)
{
    if (!od->created[0])
        return;
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", od->parent);
    size_t stop = strlen(od->created);
    while (strlen(buf) >= stop) {
        rmdir(buf);
        char *slash = strrchr(buf, '/');
        if (!slash || (size_t)(slash - buf) < stop)
            break;
        *slash = '\0';
    }
}

/* Split od->target into od->full, od->parent and the last name. */
static int split(outdir *od, const char **base, os_error *e)
{
    char t[PATH_MAX];
    if (snprintf(t, sizeof t, "%s", od->target) >= (int)sizeof t - 64)
        return err_set(e, OS_ERR_INPUT, od->target, 0, "", "output path too long");
    size_t n = strlen(t);
    while (n > 1 && t[n - 1] == '/')
        t[--n] = '\0';
    const char *last = strrchr(t, '/');
    last = last ? last + 1 : t;
    if (!strcmp(last, ".") || !strcmp(last, "..")) {
        char *abs = realpath(t, NULL);
        if (!abs)
            return err_set(e, OS_ERR_INPUT, od->target, 0, "", "cannot resolve: %s",
                           strerror(errno));
        snprintf(t, sizeof t, "%s", abs);
        free(abs);
    }
    if (!strcmp(t, "/"))
        return err_set(e, OS_ERR_INPUT, od->target, 0, "",
                       "the root folder cannot be an output folder");
    snprintf(od->full, sizeof od->full, "%s", t);
    char *slash = strrchr(od->full, '/');
    if (!slash) {
        snprintf(od->parent, sizeof od->parent, ".");
        *base = od->full;
    } else {
        size_t k = (size_t)(slash - od->full);
        snprintf(od->parent, sizeof od->parent, "%.*s", (int)(k ? k : 1), od->full);
        *base = slash + 1;
    }
    return 0;
}

/* Take the lock beside the target; the holder's flock, or -1 with e set. */
static int take_lock(outdir *od, const char *base, os_error *e)
{
    if (snprintf(od->lock, sizeof od->lock, "%s/.%s.lock", od->parent, base) >=
        (int)sizeof od->lock)
        return err_set(e, OS_ERR_INPUT, od->target, 0, "", "output path too long");
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = open(od->lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0)
            return err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot create the lock file %s: %s",
                           od->lock, strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int er = errno;
            close(fd);
            if (er == EWOULDBLOCK)
                return err_set(e, OS_ERR_ENV, od->target, 0, "",
                               "another ownsim is writing this folder (it holds %s): wait "
                               "for it to finish, or choose another -o", od->lock);
            return err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot lock %s: %s", od->lock,
                           strerror(er));
        }
        /* the previous holder may have removed the name after we opened it */
        struct stat a, b;
        if (fstat(fd, &a) == 0 && lstat(od->lock, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            od->lock_fd = fd;
            return 0;
        }
        close(fd);
    }
    return err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot lock %s: it keeps changing",
                   od->lock);
}

static void release_lock(outdir *od)
{
    if (od->lock_fd < 0)
        return;
    unlink(od->lock);   /* while still held: see the top of this file */
    close(od->lock_fd);
    od->lock_fd = -1;
}

bool outdir_is_ours(const char *dir)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, OUTDIR_MANIFEST) >= (int)sizeof path)
        return false;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    char head[sizeof OUTDIR_MAGIC];
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
              read(fd, head, sizeof head - 1) == (ssize_t)(sizeof head - 1) &&
              !memcmp(head, OUTDIR_MAGIC, sizeof head - 1);
    close(fd);
    return ok;
}

/* 1 when dir holds nothing, 0 when it holds something, -1 on error. */
static int is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *de;
    int empty = 1;
    while (empty && (de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

/* The target may be replaced: absent, an empty folder or an ownsim one. */
static int check_target(outdir *od, os_error *e)
{
    struct stat st;
    if (lstat(od->full, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        return err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot examine: %s",
                       strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        return err_set(e, OS_ERR_INPUT, od->target, 0, "",
                       "is a symbolic link: give the folder it points to, or another -o");
    if (!S_ISDIR(st.st_mode))
        return err_set(e, OS_ERR_INPUT, od->target, 0, "",
                       "exists and is not a folder: give a folder path for the results");
    int empty = is_empty(od->full);
    if (empty < 0)
        return err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot read the folder: %s",
                       strerror(errno));
    if (empty || outdir_is_ours(od->full))
        return 0;
    return err_set(e, OS_ERR_INPUT, od->target, 0, "",
                   "is not empty and is not an ownsim output folder (it has no %s): ownsim "
                   "replaces only its own folders, so nothing was touched; choose another -o "
                   "or an empty folder", OUTDIR_MANIFEST);
}

/* A new name "<parent>/.<base>.<what>.<pid>.<random>" into buf (split
 * left 64 bytes of room for it). */
static void tmp_name(char *buf, size_t n, const outdir *od, const char *base, const char *what)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
        r = (uint64_t)(uintptr_t)buf ^ (uint64_t)getpid() * 0x9E3779B97F4A7C15u;
    char suffix[9];
    for (int i = 0; i < 8; i++, r >>= 5)
        suffix[i] = digits[r & 31];
    suffix[8] = '\0';
    if (snprintf(buf, n, "%s/.%s.%s.%ld.%s", od->parent, base, what, (long)getpid(), suffix) >=
        (int)n)
        buf[0] = '\0';   /* cannot happen (split); mkdir("") then fails */
}

/* Create the temporary folder, tracked from birth. */
static int make_tmp(outdir *od, const char *base, os_error *e)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        tmp_name(od->tmp, sizeof od->tmp, od, base, "tmp");
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        int rc = mkdir(od->tmp, 0777);
        int er = errno;
        if (rc == 0)
            od->slot = csvw_track_tree(od->tmp);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc == 0) {
            if (od->slot < 0) {
                rmdir(od->tmp);
                return err_set(e, OS_ERR_ENV, od->target, 0, "",
                               "cannot track the temporary folder (too many open outputs)");
            }
            return 0;
        }
        if (er != EEXIST)
            return err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot create %s: %s%s", od->tmp,
                           strerror(er),
                           er == EACCES || er == EROFS ? " (is the folder writable?)" : "");
    }
    return err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot create a temporary folder");
}

outdir *outdir_open(const char *target, os_error *e)
{
    if (!target || !*target) {
        err_set(e, OS_ERR_INPUT, "", 0, "", "empty output path");
        return NULL;
    }
    outdir *od = calloc(1, sizeof *od);
    if (!od) {
        err_set(e, OS_ERR_ENV, target, 0, "", "out of memory");
        return NULL;
    }
    od->lock_fd = -1;
    od->slot = -1;
    const char *base = NULL;
    if (strlen(target) >= sizeof od->target - 64) {
        err_set(e, OS_ERR_INPUT, target, 0, "", "output path too long");
        free(od);
        return NULL;
    }
    snprintf(od->target, sizeof od->target, "%s", target);
    if (split(od, &base, e) < 0 || make_parents(od, e) < 0 || take_lock(od, base, e) < 0 ||
        check_target(od, e) < 0 || make_tmp(od, base, e) < 0) {
        outdir_abort(od);
        return NULL;
    }
    return od;
}

const char *outdir_path(const outdir *od)
{
    return od->tmp;
}

const char *outdir_target(const outdir *od)
{
    return od->target;
}

static void sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Move od->tmp onto od->full; afterwards od->tmp names the old folder (or
 * nothing when there was none).  0, or -1 with errno set and the old folder
 * in place. */
static int swap_in(outdir *od)
{
    if (renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->full, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno == ENOENT)   /* no old folder: a plain rename */
        return rename(od->tmp, od->full) == 0 ? (od->tmp[0] = '\0', 0) : -1;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
    /* no exchange on this file system: the old folder aside, the new in */
    char aside[PATH_MAX];
    const char *base = strrchr(od->full, '/');
    base = base ? base + 1 : od->full;
    tmp_name(aside, sizeof aside, od, base, "old");
    if (rename(od->full, aside) != 0)
        return -1;
    if (rename(od->tmp, od->full) != 0) {
        int er = errno;
        rename(aside, od->full);
        errno = er;
        return -1;
    }
    /* the old folder is removed under the tracked name */
    if (rename(aside, od->tmp) != 0)
        rm_tree_at(AT_FDCWD, aside);
    return 0;
}

int outdir_commit(outdir *od, os_error *e)
{
    if (!od)
        return err_set(e, OS_ERR_ENV, "", 0, "", "no output folder to commit");
    if (!outdir_is_ours(od->tmp)) {
        err_set(e, OS_ERR_ENV, od->target, 0, "", "internal error: the new folder has no %s",
                OUTDIR_MANIFEST);
        outdir_abort(od);
        return -1;
    }
    sync_path(od->tmp);
    if (swap_in(od) != 0) {
        err_set(e, OS_ERR_ENV, od->target, 0, "", "cannot move %s into place: %s", od->tmp,
                strerror(errno));
        outdir_abort(od);
        return -1;
    }
    sync_path(od->parent);
    if (od->tmp[0])
        rm_tree_at(AT_FDCWD, od->tmp);   /* the old folder */
    csvw_untrack(od->slot);
    release_lock(od);
    free(od);
    return 0;
}

void outdir_abort(outdir *od)
{
    if (!od)
        return;
    if (od->slot >= 0) {
        rm_tree_at(AT_FDCWD, od->tmp);
        csvw_untrack(od->slot);
    }
    release_lock(od);
    remove_parents(od);
    free(od);
}
