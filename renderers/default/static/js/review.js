/* kitaforms review: the answers as people read them ("Angaben prüfen", the receipt built from a JSON
   answer, computed values): dates, amounts, options and files in the page's language.
   Part of the assistant runtime: kitaforms.js calls KitaReview(kf). */
(function (root) {
  'use strict';
  function KitaReview(kf) {
    const { D, K, T, LOC, $, make, dash, isEmpty, isDate, typed, amountOf, isAmount, optionText, labelOf, instances, visibleSteps, entryCount } = kf;
    const dateText = (iso, opts) => {
      const m = iso.split('-');
      return new Intl.DateTimeFormat(LOC, Object.assign({ timeZone: 'UTC' }, opts)).format(new Date(Date.UTC(+m[0], +m[1] - 1, +(m[2] || 1))));
    };
    const money = (n) => new Intl.NumberFormat(LOC, { style: 'currency', currency: 'EUR' }).format(n);
    const label = (opts, code) => { const o = (opts || []).find((x) => x[0] === code); return o ? o[1] : code; };
    function pickName(el, code) {
      if (el.cat) { const f = (K.fac || []).find((x) => x[0] === code); return f ? f[1] : code; }
      return label(el.o, code);
    }
    function shown(el, v, p) {
      if (isEmpty(v)) return T.none;
      const t = el.t === 'computed' ? el.vt : el.t;
      if (t === 'date') return isDate(v) ? dateText(v, K.lang === 'de' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'long', year: 'numeric' }) : String(v);
      if (t === 'month') return typed(el, v) ? dateText(v, { month: 'long', year: 'numeric' }) : String(v);
      const n = typeof v === 'number' ? v : isAmount(el) ? amountOf(el, v) : null;
      if (t === 'money') return n !== null ? money(n) : String(v);
      if (t === 'integer' || t === 'decimal' || t === 'number') return n !== null ? new Intl.NumberFormat(LOC, { useGrouping: Math.abs(n) >= 10000 }).format(n) + (el.u ? ' ' + el.u : '') : String(v); // a year: 2026, as _answers.py
      if (t === 'boolean') return v === true ? T.yes : T.no;
      if (t === 'declaration') return v === true ? T.confirmed : T.notconfirmed;
      if (t === 'choice') return optionText(el, p, v);
      if (t === 'multichoice') return v.map((c) => optionText(el, p, c));
      if (t === 'ranked_choice') return v.map((x) => pickName(el, x.code) + (x.reasons.length ? ' (' + x.reasons.map((r) => label(el.rs, r)).join(', ') + ')' : ''));
      if (t === 'file') { const lines = (Array.isArray(v) ? v : [v]).map(fileLine); return lines.length > 1 ? lines : lines[0]; }
      return String(v);
    }
    function bytes(n) {
      const [unit, x] = n >= 1048576 ? ['megabyte', n / 1048576] : n >= 1024 ? ['kilobyte', n / 1024] : ['byte', n];
      try { return new Intl.NumberFormat(LOC, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(x); }
      catch (e) { return n + ' B'; }
    }
    // "name (size)"; a file the server stored also with its sha256 (kitaforms.render._answers)
    function fileLine(f) {
      const details = typeof f.size === 'number' ? [bytes(f.size)] : [];
      if (f.stored && f.sha256) details.push('SHA-256: ' + f.sha256);
      return f.name + (details.length ? ' (' + details.join('; ') + ')' : '');
    }
    function answers(ctx, withLinks) {
      const frag = D.createDocumentFragment();
      visibleSteps(ctx).forEach((i) => {
        const dl = make('dl', 'kf-answers');
        instances(K.steps[i].els, '', {}, '', (el, p, idx, lab) => {
          if (!ctx.visible(el.n, idx) || el.t === 'info' || el.t === 'group') return;
          if (el.t === 'repeat' && entryCount(p)) return;
          const v = el.t === 'computed' ? ctx.computed(el, idx) : el.t === 'repeat' ? null : ctx.raw(el.n, idx);
          const row = make('div', 'kf-answers__row');
          const value = make('dd', 'kf-answers__value');
          const text = shown(el, v, p);
          if (Array.isArray(text)) {
            const list = make(el.t === 'ranked_choice' && el.rk ? 'ol' : 'ul', 'kf-answers__list');
            text.forEach((x) => list.append(make('li', '', x)));
            value.append(list);
          } else value.textContent = text;
          row.append(make('dt', 'kf-answers__key', lab + labelOf(el, p)), value);
          if (withLinks && el.t !== 'computed') {
            const action = make('dd', 'kf-answers__action');
            const a = make('a', '', T.change);
            a.href = '#f-' + dash(p);
            a.dataset.kfP = p;
            a.append(make('span', 'kf-vh', ' ' + lab + labelOf(el, p)));
            action.append(a);
            row.append(action);
          }
          dl.append(row);
        });
        if (dl.children.length) frag.append(make('h3', 'kf-answers__title', K.steps[i].l), dl);
      });
      return frag;
    }
    function buildReview(ctx) {
      const body = $('kf-review-body');
      body.textContent = '';
      body.append(answers(ctx, true));
    }

    return { money, shown, answers, buildReview };
  }
  if (root) root.KitaReview = KitaReview;
})(typeof window !== 'undefined' ? window : null);
