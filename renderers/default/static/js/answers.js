/* kitaforms answers: reads the page into the submission shape (kitaforms.render form_post_to_data)
   and keeps one reading and one evaluation context per state of the answers.
   Part of the assistant runtime: kitaforms.js calls KitaAnswers(kf). */
(function (root) {
  'use strict';
  function KitaAnswers(kf) {
    const { form, ALL, Ctx, entryCount, isEmpty, dateFrom, monthFrom, fromText } = kf;
    const ranked = {}; // path → [{code, reasons}]
    const fileMeta = new WeakMap(); // input → [{name, sha256}] once hashed
    const hashing = new WeakMap(); // input → Promise of the above

    // one pass over the form's controls per reading: name → values (checked ones for boxes) and element
    let S = null;
    function snapshot() {
      const vals = {}, els = {};
      for (const c of form.elements) {
        const n = c.name;
        if (!n) continue;
        if (c.type === 'radio' || c.type === 'checkbox') {
          vals[n] = vals[n] || [];
          if (c.checked) vals[n].push(c.value);
        } else vals[n] = [c.value];
        els[n] = c;
      }
      return { vals, els };
    }
    const checked = (p) => S.vals[p] || [];
    const valueOf = (p) => (S.vals[p] || [''])[0];
    const partsOf = (p, keys) => keys.map((k) => valueOf(p + '.' + k));

    function readFiles(p, el) {
      const input = S.els[p];
      if (!input || !input.files || !input.files.length) return null;
      const hashes = fileMeta.get(input) || [];
      const list = Array.from(input.files).map((f, i) => ({
        name: f.name, type: f.type || 'application/octet-stream', size: f.size, sha256: (hashes[i] && hashes[i].sha256) || '',
      }));
      return el.mf > 1 ? list : list[0];
    }
    function read(el, p) {
      const t = el.t;
      if (t === 'group') return readEls(el.c, p + '.');
      if (t === 'repeat') return Array.from({ length: entryCount(p) }, (_, i) => readEls(el.c, p + '.' + i + '.'));
      if (t === 'info' || t === 'computed') return null;
      if (t === 'ranked_choice') return (ranked[p] || []).map((x) => ({ code: x.code, reasons: x.reasons.slice() }));
      if (t === 'file') return readFiles(p, el);
      if (t === 'date') return dateFrom.apply(null, partsOf(p, ['day', 'month', 'year']));
      if (t === 'month') return monthFrom.apply(null, partsOf(p, ['month', 'year']));
      if (t === 'boolean') { const v = checked(p)[0]; return v === undefined ? null : v === 'true'; }
      if (t === 'declaration') return checked(p).length ? true : null;
      if (t === 'multichoice') return checked(p);
      if (t === 'choice' && !el.sel) { const v = checked(p)[0]; return v === undefined ? null : v; }
      return p in S.vals ? fromText(el, valueOf(p)) : null;
    }
    function readEls(els, prefix) {
      const out = {};
      els.forEach((el) => {
        const v = read(el, prefix + el.id);
        if (!isEmpty(v) || (Array.isArray(v) && el.t === 'repeat')) out[el.id] = v;
      });
      return out;
    }
    function collect() {
      S = snapshot();
      return readEls(ALL, '');
    }
    // one reading and one evaluation context per state of the answers
    let gen = 0, ctxGen = -1, ctxCache = null;
    const touch = () => { gen++; };
    const generation = () => gen;
    function current() {
      if (ctxGen !== gen) { ctxCache = new Ctx(collect()); ctxGen = gen; }
      return ctxCache;
    }

    return { ranked, fileMeta, hashing, collect, touch, generation, current };
  }
  if (root) root.KitaAnswers = KitaAnswers;
})(typeof window !== 'undefined' ? window : null);
