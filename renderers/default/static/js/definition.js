/* kitaforms definition: the form's steps and elements from the page's data (<script id="kf-data">),
   indexed by name, their expressions as the JSON AST KitaExpr reads; labels and option texts come
   from the page (not repeated in the data). What only the rest of the runtime reads (validation rules,
   limits, wish-list filters, message texts: kitaforms.render._later) comes with it and is put in place
   by adopt. Part of the assistant runtime: kitaforms.js calls KitaDefinition(kf). */
(function (root) {
  'use strict';
  function KitaDefinition(kf) {
    const { K, $, form, qBox, ctl, make } = kf;
    // compact expressions (kitaforms.render._client.compact) → the JSON AST KitaExpr reads
    function ast(c) {
      if (typeof c === 'string') return { t: 'ref', p: c.split('.') };
      if (c === null || typeof c === 'boolean') return c === null ? { t: 'null' } : { t: 'bool', v: c };
      const h = c[0], args = c.slice(1);
      if (h === "'" || h === '#' || h === 'd') return { t: { "'": 'str', '#': 'num', d: 'date' }[h], v: c[1] };
      if (h[0] === '@') return { t: 'call', f: h.slice(1), a: args.map(ast) };
      return { t: 'op', op: h, a: args.map(ast) };
    }
    const EXPRS = ['v', 'ri', 'e', 'fc', 'fb', 'fs'];
    const raw = (x) => x === null || typeof x !== 'object' || Array.isArray(x); // compact, not yet expanded
    const expanded = (x) => (raw(x) ? ast(x) : x);
    function expand(el) {
      EXPRS.forEach((k) => { if (el[k] !== undefined) el[k] = expanded(el[k]); });
      if (el.fh) el.fh = el.fh.map(expanded); // a wish list's hours filter: several expressions
      (el.val || []).forEach((v) => { v[0] = expanded(v[0]); });
    }
    const byName = {};
    const ALL = [];
    function index(els, i, reps, parent) {
      els.forEach((el) => {
        el.n = parent ? parent + '.' + el.id : el.id;
        expand(el);
        el.step = i;
        el.reps = reps;
        el.scope = parent;
        byName[el.n] = el;
        if (el.c) index(el.c, i, el.t === 'repeat' ? reps.concat(el.n) : reps, el.n);
      });
    }
    // the page carries the first step's elements only; adopt brings the others (kitaforms.render._later)
    K.steps.forEach((s, i) => {
      s.els.forEach((el) => ALL.push(el));
      if (s.v) s.v = ast(s.v);
      s.l = $('step-' + s.id + '-title').textContent;
      index(s.els, i, [], '');
    });
    function labelOf(el, p) {
      if (el.l === undefined) {
        const box = qBox(p);
        const node = box && box.querySelector('.kf-legend, .kf-label, .kf-checkbox__label, .kf-computed__label, .kf-repeat__title, .kf-info__title');
        const copy = node ? node.cloneNode(true) : make('span');
        copy.querySelectorAll('.kf-opt, .kf-vh').forEach((n) => n.remove());
        el.l = copy.textContent.trim().replace(/:$/, '');
      }
      return el.l;
    }
    function optionText(el, p, code) {
      if (el.sel) { const o = Array.from(ctl(p).options).find((x) => x.value === code); return o ? o.text : code; }
      const input = form.querySelector('input[name="' + p + '"][value="' + code + '"]');
      const lab = input && form.querySelector('label[for="' + input.id + '"]');
      return lab ? lab.textContent.trim() : code;
    }

    // the later half of the data (assets/runtime-<lang>.json): texts, patterns, month names; the first step's
    // element keys in the same place of the same tree, the other steps' elements whole
    function merge(els, extra) {
      els.forEach((el, i) => {
        const more = extra[i] || {};
        Object.keys(more).forEach((k) => { if (k !== 'c') el[k] = more[k]; });
        expand(el);
        if (el.c) merge(el.c, more.c || []);
      });
    }
    function adopt(later) {
      Object.keys(later).forEach((k) => { if (k !== 't' && k !== 'steps') K[k] = later[k]; });
      Object.assign(K.t, later.t);
      ALL.length = 0;
      K.steps.forEach((s, i) => {
        if (s.els.length) merge(s.els, later.steps[i].els);
        else index((s.els = later.steps[i].els), i, [], '');
        s.els.forEach((el) => ALL.push(el));
      });
    }

    return { byName, ALL, labelOf, optionText, adopt };
  }
  if (root) root.KitaDefinition = KitaDefinition;
})(typeof window !== 'undefined' ? window : null);
