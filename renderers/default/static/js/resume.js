/* kitaforms resume: "Zwischenstand speichern" downloads the answers as a JSON file ({"format":
   "kitaforms-resume", "form", "version", "step", "data"}) that "öffnen" reads back (files must be
   chosen again). Part of the assistant runtime: kitaforms.js calls KitaResume(kf). */
(function (root) {
  'use strict';
  function KitaResume(kf) {
    const { D, K, T, $, form, ctl, make, say, fmt, dash, ALL, collect, touch, ranked, isAmount, amountOf,
      entryCount, ownEntries, addEntry, repeatButtons, wishes, REVIEW, at, show } = kf;
    function save() {
      const state = { format: 'kitaforms-resume', form: K.form, version: K.version, step: at() === REVIEW ? 'review' : K.steps[at()].id, data: collect() };
      const url = URL.createObjectURL(new Blob([JSON.stringify(state, null, 1)], { type: 'application/json' }));
      const a = make('a');
      a.href = url;
      a.download = 'zwischenstand-' + K.form.replace(/\//g, '-') + '.json';
      D.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      kf.saved(); // in the file now: leaving does not need to ask
      say(T.saved);
    }
    function fillEls(els, node, prefix, missing) { els.forEach((el) => fill(el, node ? node[el.id] : undefined, prefix + el.id, missing)); }
    function setParts(p, keys, values) { keys.forEach((k, i) => { const e = i ? $('f-' + dash(p) + '--' + k) : ctl(p); if (e) e.value = values[i] || ''; }); }
    function fill(el, v, p, missing) {
      const t = el.t;
      if (t === 'group') return fillEls(el.c, v || {}, p + '.', missing);
      if (t === 'repeat') {
        const want = Array.isArray(v) ? v.length : 0;
        while (entryCount(p) > want && entryCount(p) > (el.mini ? el.mini[0] : 0)) ownEntries(p)[entryCount(p) - 1].remove();
        while (entryCount(p) < want) addEntry(el, p, true);
        repeatButtons(el, p);
        return (v || []).forEach((e, i) => fillEls(el.c, e, p + '.' + i + '.', missing));
      }
      if (t === 'ranked_choice') {
        ranked[p] = (Array.isArray(v) ? v : []).map((x) => ({ code: String(x.code), reasons: (x.reasons || []).map(String) }));
        return wishes().render(el, p);
      }
      if (t === 'file') { if (v) (Array.isArray(v) ? v : [v]).forEach((f) => missing.push(f.name)); return; }
      if (t === 'date') { const s = typeof v === 'string' ? v.split('-') : []; return setParts(p, ['day', 'month', 'year'], [s[2], s[1], s[0]]); }
      if (t === 'month') { const s = typeof v === 'string' ? v.split('-') : []; return setParts(p, ['month', 'year'], [s[1], s[0]]); }
      if (t === 'boolean' || t === 'multichoice' || (t === 'choice' && !el.sel)) {
        const want = (Array.isArray(v) ? v : [v]).map(String);
        return form.querySelectorAll('input[name="' + p + '"]').forEach((r) => { r.checked = v !== undefined && v !== null && want.indexOf(r.value) >= 0; });
      }
      if (t === 'declaration') { const c = ctl(p); if (c) c.checked = v === true; return; }
      const input = ctl(p);
      if (!input || t === 'info' || t === 'computed') return;
      const dotted = typeof v === 'number' || (isAmount(el) && amountOf(el, v) !== null);
      input.value = v === undefined || v === null ? '' : dotted && K.lang === 'de' ? String(v).replace('.', ',') : String(v);
    }
    function load(file) {
      const reader = new FileReader();
      reader.onload = () => {
        let state = null;
        try { state = JSON.parse(reader.result); } catch (e) { state = null; }
        if (!state || state.format !== 'kitaforms-resume' || state.form !== K.form || typeof state.data !== 'object') { say(T.loadfail); return; }
        const missing = [];
        fillEls(ALL, state.data, '', missing);
        touch();
        kf.loadFees();
        kf.refresh();
        const i = state.step === 'review' ? REVIEW : Math.max(0, K.steps.findIndex((s) => s.id === state.step));
        show(i);
        say([T.loaded].concat(missing.map((n) => fmt(T.refile, { name: n }))).join(' '));
      };
      reader.readAsText(file);
    }
    function setupResume() {
      $('kf-resume').hidden = false;
      $('kf-save').addEventListener('click', save);
      $('kf-load').addEventListener('change', (ev) => { if (ev.target.files[0]) load(ev.target.files[0]); ev.target.value = ''; });
      kf.dressFile($('kf-load'));
    }

    return { fillEls, setupResume };
  }
  if (root) root.KitaResume = KitaResume;
})(typeof window !== 'undefined' ? window : null);
