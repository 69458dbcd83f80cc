/*
 * calendar.h — business-hours arithmetic on the simulation clock.
 *
 * Time is in minutes from Monday 00:00 of week 0 and runs forever; the week
 * repeats.  Business hours are one interval [open, close) on each business
 * day (open < close, both within one day, no overnight shifts), the same for
 * every business day.  All functions are O(1) per call (at most a week is
 * scanned, day by day), with no allocation.
 */
#ifndef OWNSIM_CALENDAR_H
#define OWNSIM_CALENDAR_H

#include <stdbool.h>

#define CAL_MIN_PER_DAY  1440.0
#define CAL_MIN_PER_WEEK 10080.0
/* The largest time, or effort, in minutes that ownsim takes (1e12, about 1.9
 * million years): beyond it times lose their minutes to rounding.  Outage
 * files are refused past it, and so is a scenario whose generated stream
 * would run past it. */
#define CAL_MAX_MINUTES 1e12

typedef struct cal_hours {
    double open;          /* minutes after midnight business hours start, e.g. 480 */
    double close;         /* minutes after midnight they end, > open, <= 1440 */
    unsigned days;        /* business days, bit 0 = Monday ... bit 6 = Sunday */
} cal_hours;

/* Mon-Fri 08:00-17:00. */
cal_hours cal_default(void);

/* Is time t inside business hours?  A calendar with no business day is
 * never open. */
bool cal_is_open(const cal_hours *c, double t);

/* t itself when open, otherwise the next opening time after t.  INFINITY for
 * a calendar with no business day. */
double cal_next_open(const cal_hours *c, double t);

/* Minutes of [a, b) that fall outside business hours (0 when b <= a). */
double cal_closed_minutes(const cal_hours *c, double a, double b);

/* Minutes of [a, b) that fall inside business hours (0 when b <= a), summed
 * directly: exact whenever a and b lie outside business hours or are
 * integers, so a business-hours SLA clock that reaches its target exactly
 * is not breached by rounding. */
double cal_open_minutes(const cal_hours *c, double a, double b);

/* Parse "HH:MM" into minutes after midnight (00:00..24:00).  0 or -1. */
int cal_parse_clock(const char *text, double *minutes);

/* Parse a day list such as "mon-fri", "mon,tue,thu", "sat-sun", "none" into a
 * bit mask.  0 or -1. */
int cal_parse_days(const char *text, unsigned *mask);

/* Format back: "08:00" and "mon-fri"/"mon,wed" forms (buffer >= 32 bytes). */
void cal_format_clock(double minutes, char *buf, unsigned n);
void cal_format_days(unsigned mask, char *buf, unsigned n);

#endif
