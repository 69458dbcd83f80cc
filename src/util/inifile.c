/*
 * inifile.c — see inifile.h.
 */
#include "ownsim/inifile.h"

#include <ini.h>
#include <stdbool.h>
#include <string.h>

void inifile_configure(void)
{
    ini_use_stack = false;
    ini_max_line = INIFILE_MAX_LINE;
    /* the heap buffer starts at this size and, without realloc, stays there:
     * it must be the full line length, not libinih's default 200 */
    ini_initial_alloc = INIFILE_MAX_LINE;
    ini_allow_realloc = false;
    ini_allow_multiline = false;
    ini_stop_on_first_error = true;
}

/* libinih's blanks are isspace() in the C locale; every one but the space is
 * a control character, refused on its own below. */
const char *inifile_unsafe(const char *value)
{
    size_t n = strlen(value);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c < 0x20 || c == 0x7f)
            return "holds a control character (a newline, tab, escape, ...)";
    }
    if (n && (value[0] == ' ' || value[n - 1] == ' '))
        return "begins or ends with a blank, which INI strips";
    if (value[0] == ';')
        return "begins with ';', which starts a comment in INI";
    if (strstr(value, " ;"))
        return "holds ' ;', which starts a comment in INI";
    if (n > INIFILE_MAX_LINE - 100)
        return "is too long for a line of an INI file";
    return NULL;
}
