/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * version.h — the version of ownsim, printed by --version and recorded in
 * every provenance.ini.
 */
#ifndef OWNSIM_VERSION_H
#define OWNSIM_VERSION_H

#define OWNSIM_VERSION "0.1.0"

#endif
