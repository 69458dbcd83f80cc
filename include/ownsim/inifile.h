/*
 * inifile.h — the one libinih configuration every INI reader here uses.
 */
#ifndef OWNSIM_INIFILE_H
#define OWNSIM_INIFILE_H

/* Longest line accepted, and the libinih settings: heap line buffer of that
 * size, no continuation lines (an indented key is a key), stop at the first
 * error.  libinih keeps these in globals: call from one thread. */
#define INIFILE_MAX_LINE 65536
void inifile_configure(void);

#endif
