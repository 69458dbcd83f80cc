/* Placeholder until the fit module lands: `ownsim fit` reports that it is
 * not available yet (issue 7 is open). */
#include "ownsim/fit.h"
int fit_run(const fit_opts *o, os_error *e)
{
    (void)o;
    return err_set(e, OS_ERR_ENV, "", 0, "", "fit: not available in this build yet");
}
