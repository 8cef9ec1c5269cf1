/* kitaforms fee estimate (income form: K.fees names the evaluator fees.js and the Satzung): the
   "Voraussichtlicher Elternbeitrag" box. In the bundle only of pages with a fee estimate.
   Part of the assistant runtime: kitaforms.js calls KitaEstimate(kf) and uses {loadFees, scheduleFee}. */
(function (root) {
  'use strict';
  function KitaEstimate(kf) {
    const { D, K, T, $, make, fmt, say, ALL, TODAY, current, generation, submission } = kf;
    // both load when the answers first change, so the first view stays light; the estimate is
    // computed when the browser is idle, so typing and step changes never wait for it
    let feeJob = 0, satzung = null, feesAsked = false;
    function later(fn) {
      if (!satzung || feeJob) return;
      const run = () => { feeJob = 0; fn(); };
      feeJob = window.requestIdleCallback ? requestIdleCallback(run, { timeout: 500 }) : setTimeout(run, 50);
    }
    function loadFees() {
      if (!K.fees || feesAsked) return;
      feesAsked = true;
      const script = make('script');
      const engine = new Promise((ok, fail) => { script.onload = ok; script.onerror = fail; });
      script.src = K.fees.js;
      D.head.append(script);
      const rules = fetch(K.fees.rules, { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : Promise.reject(r.status)));
      Promise.all([engine, rules]).then(([, data]) => {
        if (!window.KitaFees) return;
        satzung = data;
        later(() => updateFee(current()));
      }, () => { feesAsked = false; }); // offline for a moment: the next change tries again
    }
    // The box: while an answer the estimate needs is missing, one sentence saying which; then the fee of the
    // first month (this month, or the first month of care) with its explanation, and the fee over the coming
    // Kita years in runs of equal months, each with what changed (the CLI's explanation, worded by fees.js from
    // the Satzung's templates in the page's language). Text is only ever written with textContent.
    let lastFee = '', feeGen = -1;
    const F = () => window.KitaFees;
    const amount = (a) => F().money(a, K.lang, true);
    const monthLabel = (m) => m.slice(5, 7) + '/' + m.slice(0, 4); // "2026-08" → "08/2026", as the CLI
    const sentence = (t) => { const s = String(t || '').trim(); return s && s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.'); };
    const line = (s) => [s.text, s.paragraph].filter(Boolean).join(' – ');
    function listOf(items, labelId) {
      const ol = make('ol', 'kf-fee__steps');
      if (labelId) ol.setAttribute('aria-labelledby', labelId);
      items.forEach((text) => ol.append(make('li', '', text)));
      return ol;
    }
    function needed(missing) {
      if (missing.indexOf('waiver') >= 0) return T.feewaiver;
      const what = missing.map((m) => ({ child: T.feeneedchild, way: T.feeneedway, income: T.feeneedincome })[m]).filter(Boolean);
      const joined = what.length > 1 ? what.slice(0, -1).join(', ') + ' ' + T.feeand + ' ' + what[what.length - 1] : what[0] || '';
      return joined ? fmt(T.feeneed, { what: joined }) : T.feenone;
    }
    function heading(id, text) { const h = make('h3', 'kf-fee__sub', text); h.id = id; return h; }
    function years(r, body) {
      const runs = r.periods || [];
      const span = (p) => (p.from === p.until ? monthLabel(p.from) : fmt(T.feerange, { from: monthLabel(p.from), until: monthLabel(p.until) }));
      if (runs.length < 2) {
        if (runs.length) body.append(make('p', '', fmt(T.feesame, { month: monthLabel(runs[0].until) })));
        return;
      }
      body.append(heading('kf-fee-years', T.feeyears));
      const ol = make('ol', 'kf-fee__years');
      ol.setAttribute('aria-labelledby', 'kf-fee-years');
      runs.forEach((p) => {
        const li = make('li');
        li.append(make('p', 'kf-fee__period', p.error ? fmt(T.feeopen, { period: span(p) }) : fmt(T.feeperiod, { period: span(p), amount: amount(p.total) })));
        const why = (p.error ? [sentence(p.error.message)] : []).concat(p.steps.map(line));
        if (why.length) {
          const ul = make('ul');
          why.forEach((t) => ul.append(make('li', '', t)));
          li.append(ul);
        }
        ol.append(li);
      });
      body.append(ol);
    }
    function updateFee(ctx) {
      const box = $('kf-fee');
      if (!box || !satzung || feeGen === generation()) return;
      feeGen = generation();
      let r = null;
      try { r = F().estimate(satzung, submission(ctx, ALL, ctx.data, '', {}), { today: TODAY, lang: K.lang }); } catch (e) { r = null; }
      const body = $('kf-fee-body');
      body.textContent = '';
      box.hidden = false;
      let text;
      if (!r) text = T.feenone;
      else if (r.missing && r.missing.length) text = needed(r.missing);
      else if (!r.timeline) text = sentence(r.error && r.error.message) || T.feenone;
      if (text) { body.append(make('p', '', text)); lastFee = text; return; }
      const first = monthLabel(r.month);
      text = r.error ? fmt(T.feeopen, { period: first }) : fmt(T.feefirst, { month: first, amount: amount(r.total) });
      body.append(make('p', 'kf-fee__amount', text));
      body.append(heading('kf-fee-how', T.feehow));
      body.append(listOf(r.error ? [sentence(r.error.message)] : r.explanation.map(line), 'kf-fee-how'));
      years(r, body);
      if (text !== lastFee && lastFee) say(T.feetitle + ': ' + text);
      lastFee = text;
    }

    return { loadFees, scheduleFee: () => later(() => updateFee(current())) };
  }
  if (root) root.KitaEstimate = KitaEstimate;
})(typeof window !== 'undefined' ? window : null);
