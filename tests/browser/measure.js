// tests/browser/measure.js — run inside the brief by tests/browser/report.sh
// (appended to a test copy of the page, whose CSP is relaxed for it): measures
// the laid-out page in the browser and writes the findings into the DOM as
// <pre id="measure">, one line each, which `--dump-dom` prints:
//   charts N             inline SVG charts found
//   texts N              text elements measured
//   outside CHART TEXT   a text box reaching past its SVG canvas by more than
//                        0.2 of its font size (Chromium's box is the font's whole
//                        ascent-descent cell, about 0.2 em more than any Latin
//                        glyph's ink: gnuplot's rotated y labels sit that close)
//   overlap CHART A | B  two non-empty text boxes of one chart that overlap
//                        (each shrunk by 1 px: touching is fine)
//   scripts N            <script> elements in the page (this one only: 1)
//   alerts N             calls of alert() (an injected script would make one)
//   shown TEXT           whether the label text is visible as text
(function () {
  var out = [];
  var figs = document.querySelectorAll('figure.chart svg');
  out.push('charts ' + figs.length);
  var ntext = 0;
  figs.forEach(function (svg) {
    var name = svg.parentNode.id;
    var c = svg.getBoundingClientRect();
    var vb = svg.viewBox && svg.viewBox.baseVal;
    var scale = vb && vb.width ? c.width / vb.width : 1;
    var boxes = [];
    svg.querySelectorAll('text').forEach(function (t) {
      var s = t.textContent.trim();
      if (!s) return;
      var b = t.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) return;
      ntext++;
      var slack = 0.2 * parseFloat(getComputedStyle(t).fontSize) * scale;
      if (b.left < c.left - slack || b.top < c.top - slack ||
          b.right > c.right + slack || b.bottom > c.bottom + slack)
        out.push('outside ' + name + ' ' + JSON.stringify(s) + ' box ' + [b.left, b.top, b.right, b.bottom].map(Math.round).join(',') + ' canvas ' + [c.left, c.top, c.right, c.bottom].map(Math.round).join(','));
      boxes.push({s: s, l: b.left + 1, t: b.top + 1, r: b.right - 1, b: b.bottom - 1});
    });
    for (var i = 0; i < boxes.length; i++)
      for (var j = i + 1; j < boxes.length; j++) {
        var p = boxes[i], q = boxes[j];
        if (p.l < q.r && q.l < p.r && p.t < q.b && q.t < p.b)
          out.push('overlap ' + name + ' ' + JSON.stringify(p.s) + ' | ' + JSON.stringify(q.s));
      }
  });
  out.push('texts ' + ntext);
  out.push('scripts ' + document.querySelectorAll('script').length);
  out.push('alerts ' + (window.__alerts || 0));
  out.push('shown ' + (document.body.innerText.indexOf('<scr' + 'ipt>alert(1)</scr' + 'ipt>') >= 0 ? 1 : 0));
  var pre = document.createElement('pre');
  pre.id = 'measure';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
