/*
 * inifile.h — the one libinih configuration every INI reader here uses, and
 * the rule for values that an INI file written here must read back.
 */
#ifndef OWNSIM_INIFILE_H
#define OWNSIM_INIFILE_H

/* Longest line accepted, and the libinih settings: heap line buffer of that
 * size, no continuation lines (an indented key is a key), stop at the first
 * error.  libinih keeps these in globals: call from one thread. */
#define INIFILE_MAX_LINE 65536
void inifile_configure(void);

/* NULL when value, written as the line "key = value", reads back as exactly
 * value under this configuration; else why not, to follow "it" in a message
 * ("begins or ends with a blank", ...).  libinih strips blanks around a
 * value and ends it at a ';' that follows a blank (an inline comment), and a
 * newline ends the line; control characters (newline, tab, escape, ...) are
 * refused altogether.  INI has no quoting: a value that fails here cannot be
 * written, so a reader of values that get written back (paths in
 * scenario.ini) refuses them up front.  Values up to INIFILE_MAX_LINE - 100
 * bytes long fit on a line beside any key; longer ones are refused too. */
const char *inifile_unsafe(const char *value);

#endif
