# SPDX-License-Identifier: GPL-3.0-or-later
# yaxis.gp — the y range and ticks of a chart: from y_lo to y_hi (data
# units; set them first), ticks at a step of 1, 2 or 5 x 10^k, as many as
# the plot's height holds with at least 2.2 font sizes between two (so tick
# labels never touch), labelled by human() ("250", "1.5k") or, when
# y_money is 1, money() ("$250k").  Load it after bottom.gp (which fixes
# the plot's bottom, plot_bottom).

if (!exists('y_money')) { y_money = 0 }
_nt = (band_bottom - plot_bottom) * canvas_h / (2.2 * fs_base) / 1.5
_nt = _nt < 1 ? 1 : (_nt > 6 ? 6 : _nt)
_span = y_hi > y_lo ? y_hi - y_lo : (y_hi != 0 ? abs(y_hi) : 1)
_ys = nice_step(_span, _nt)
_ylo = floor(y_lo * 1.0 / _ys + 1e-9) * _ys
_yhi = ceil((y_lo + _span) * 1.0 / _ys - 1e-9) * _ys
_yhi = _yhi > _ylo ? _yhi : _ylo + _ys
set yrange [_ylo : _yhi]
set ytics ()
do for [i = int(floor(_ylo / _ys + 0.5)) : int(floor(_yhi / _ys + 0.5))] {
    set ytics add (tic(y_money ? money(i * _ys) : human(i * _ys)) i * _ys)
}
