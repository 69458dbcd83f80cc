/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * work.h — how many hands-on minutes a party spends on a ticket: the one
 * statement of the charging rules of docs/model.md §4.4 and §4.8, used by
 * the replay (src/model/replay.c) and by what a scenario implies
 * (src/analysis/implied.c), so the two cannot drift apart.
 *
 * An incident's effort is drawn once, in minutes at skill factor 1.  The
 * party that resolves it works effort x its skill on the category x
 * (1 + rework), rework being the model's context_loss once per handoff the
 * ticket has had; a wrong assignee in a gray area spends effort x its skill
 * x a draw of the model's bounce_work before passing it on.
 */
#ifndef OWNSIM_WORK_H
#define OWNSIM_WORK_H

#include "ownsim/scenario.h"

/* The rework factor after `handoffs` handoffs under model m. */
static inline double work_rework(const scn_model *m, double handoffs)
{
    return m->context_loss * handoffs;
}

/* Minutes the resolving party works: effort x skill x (1 + rework),
 * multiplied in that order (the replay's results depend on it). */
static inline double work_final(double effort, double skill, double rework)
{
    return effort * skill * (1.0 + rework);
}

/* Minutes a wrong assignee wastes: effort x skill x its bounce_work draw. */
static inline double work_wasted(double effort, double skill, double factor)
{
    return effort * skill * factor;
}

#endif
