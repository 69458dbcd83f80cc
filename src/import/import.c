/* Placeholder until the import module lands: `ownsim import` reports that it
 * is not available yet (issue 7 is open). */
#include "ownsim/import.h"
int import_run(const import_opts *o, import_result *r, os_error *e)
{
    (void)o;
    (void)r;
    return err_set(e, OS_ERR_ENV, "", 0, "", "import: not available in this build yet");
}
