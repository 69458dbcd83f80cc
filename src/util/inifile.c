/*
 * inifile.c — see inifile.h.
 */
#include "ownsim/inifile.h"

#include <ini.h>
#include <stdbool.h>

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
