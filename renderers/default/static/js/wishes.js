/* kitaforms wish list (ranked choice): search, add, move up/down, remove; no drag and drop.
   Part of the assistant runtime, in the bundle only of pages with a ranked choice: kitaforms.js
   calls window.KitaWishes(api) with its helpers and state and uses {setup, render, results, action}.
   Text is only ever written with textContent. */
(function (root) {
  'use strict';
  function KitaWishes(api) {
    const { K, T, ranked, qBox, make, dash, fmt, say, isDate, TODAY, byName, defName, touch, refresh, current } = api;
    const fold = (s) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
    function items(el) {
      if (el.cat) return (K.fac || []).map((f) => ({ code: f[0], name: f[1], meta: f[2] + ', ' + f[3], care: f[4], from: f[5], to: f[6] }));
      return (el.o || []).map((o) => ({ code: o[0], name: o[1], meta: '' }));
    }
    function setupRanked(el, p) {
      const box = qBox(p), slots = box.querySelector('.kf-slots');
      if (!slots) return;
      const picks = [];
      slots.querySelectorAll(':scope > .kf-slot').forEach((slot) => {
        const s = slot.querySelector('select');
        if (s.value) picks.push({ code: s.value, reasons: Array.from(slot.querySelectorAll('input:checked'), (c) => c.value) });
      });
      ranked[p] = picks;
      touch();
      const d = 'f-' + dash(p);
      const w = make('div', 'kf-rank');
      const head = make('p', 'kf-label', T.yourpicks);
      head.id = d + '--picks';
      const list = make(el.rk ? 'ol' : 'ul', 'kf-picks');
      list.setAttribute('aria-labelledby', head.id);
      const none = make('p', 'kf-hint', T.nopicks);
      const results = make('ul', 'kf-results');
      const full = make('p', 'kf-hint', T.maxpicks);
      w.append(head, list, none);
      if (el.cat || items(el).length > 10) {
        const lab = make('label', 'kf-label', el.cat ? T.search : T.filter);
        lab.htmlFor = d;
        const input = make('input', 'kf-input');
        Object.assign(input, { type: 'search', id: d, autocomplete: 'off' });
        input.dataset.kfSearch = p;
        w.append(lab);
        if (el.cat) {
          const hint = make('p', 'kf-hint', T.searchhint);
          hint.id = d + '--shint';
          input.setAttribute('aria-describedby', hint.id);
          w.append(hint);
        }
        w.append(input);
      } else {
        results.id = d; // the error summary links here
        results.tabIndex = -1;
        results.setAttribute('aria-label', T.options);
      }
      w.append(full, results);
      slots.replaceWith(w);
      renderRanked(el, p);
    }
    function rankedParts(p) {
      const w = qBox(p).querySelector('.kf-rank');
      return { list: w.querySelector('.kf-picks'), none: w.querySelector('.kf-picks + .kf-hint'), input: w.querySelector('input[type=search]'),
        results: w.querySelector('.kf-results'), full: w.querySelector('.kf-results').previousElementSibling, box: w };
    }
    function actionButton(text, name, act, p, i) {
      const b = make('button', 'kf-button kf-button--secondary kf-button--small', text);
      b.type = 'button';
      b.append(make('span', 'kf-vh', ' ' + name));
      Object.assign(b.dataset, { kfAct: act, kfRank: p, kfI: String(i) });
      return b;
    }
    function renderRanked(el, p) {
      const parts = rankedParts(p), picks = ranked[p] || [];
      const all = items(el);
      parts.list.textContent = '';
      picks.forEach((pk, i) => {
        const item = all.find((x) => x.code === pk.code) || { name: pk.code, meta: '' };
        const li = make('li', 'kf-pick');
        li.append(make('p', 'kf-pick__name', (el.rk ? i + 1 + '. ' : '') + item.name));
        if (item.meta) li.append(make('p', 'kf-pick__meta', item.meta));
        if (el.rs) {
          const fs = make('fieldset', 'kf-fieldset kf-reasons');
          fs.append(make('legend', 'kf-legend kf-legend--small', fmt(T.reasons, { name: item.name })));
          const boxes = make('div', 'kf-checkboxes');
          el.rs.forEach((r, j) => {
            const row = make('div', 'kf-checkbox');
            const c = make('input', 'kf-checkbox__input');
            Object.assign(c, { type: 'checkbox', id: 'f-' + dash(p) + '--p' + i + 'r' + j, value: r[0], checked: pk.reasons.indexOf(r[0]) >= 0 });
            Object.assign(c.dataset, { kfReason: p, kfI: String(i) });
            const l = make('label', 'kf-checkbox__label', r[1]);
            l.htmlFor = c.id;
            row.append(c, l);
            boxes.append(row);
          });
          fs.append(boxes);
          li.append(fs);
        }
        const acts = make('div', 'kf-pick__actions');
        if (el.rk && i > 0) acts.append(actionButton(T.up, item.name, 'up', p, i));
        if (el.rk && i < picks.length - 1) acts.append(actionButton(T.down, item.name, 'down', p, i));
        acts.append(actionButton(T.remove, item.name, 'rm', p, i));
        li.append(acts);
        parts.list.append(li);
      });
      parts.none.hidden = picks.length > 0;
      renderResults(el, p, false);
    }
    function fits(el, p, item, ctx) {
      const idx = {};
      if (el.fc && item.care) { const care = ctx.ev(el.fc, el.n, idx); if (typeof care === 'string' && item.care.indexOf(care) < 0) return false; }
      if (el.fb && item.to !== undefined) {
        const birth = ctx.ev(el.fb, el.n, idx);
        if (isDate(birth)) {
          const b = birth.split('-').map(Number), t = TODAY.split('-').map(Number);
          const age = (t[0] - b[0]) * 12 + t[1] - b[1] - (t[2] < b[2] ? 1 : 0);
          if (item.from > age + 12 || item.to <= age) return false;
        }
      }
      return true;
    }
    function renderResults(el, p, announce) {
      const parts = rankedParts(p), picks = ranked[p] || [];
      const max = el.maxi ? el.maxi[0] : Infinity;
      const ctx = current();
      const words = parts.input ? fold(parts.input.value).split(/\s+/).filter(Boolean) : [];
      const found = items(el).filter((x) => fits(el, p, x, ctx) && words.every((w) => fold(x.name + ' ' + x.meta).indexOf(w) >= 0));
      parts.results.textContent = '';
      parts.full.hidden = picks.length < max;
      found.slice(0, 25).forEach((x) => {
        const li = make('li', 'kf-result');
        li.append(make('p', 'kf-result__name', x.name));
        if (x.meta) li.append(make('p', 'kf-result__meta', x.meta));
        if (picks.some((pk) => pk.code === x.code)) li.append(make('p', 'kf-result__chosen', T.chosen));
        else if (picks.length < max) {
          const b = actionButton(T.add, x.name, 'add', p, 0);
          b.dataset.kfCode = x.code;
          li.append(b);
        }
        parts.results.append(li);
      });
      if (announce) say(fmt(T.found[found.length === 1 ? 0 : 1], { num: found.length }));
    }
    function rankAction(b) {
      const p = b.dataset.kfRank, el = byName[defName(p)], picks = ranked[p], i = +b.dataset.kfI;
      const all = items(el), act = b.dataset.kfAct;
      const nameOf = (code) => (all.find((x) => x.code === code) || { name: code }).name;
      let focusAct = null, focusI = i;
      if (act === 'add') {
        picks.push({ code: b.dataset.kfCode, reasons: [] });
        say(fmt(T.added, { name: nameOf(b.dataset.kfCode), num: picks.length, total: picks.length }));
      } else if (act === 'rm') {
        const gone = picks.splice(i, 1)[0];
        say(fmt(T.removed, { name: nameOf(gone.code) }));
        focusAct = 'rm';
        focusI = Math.min(i, picks.length - 1);
      } else {
        const j = act === 'up' ? i - 1 : i + 1;
        [picks[i], picks[j]] = [picks[j], picks[i]];
        say(fmt(T.moved, { name: nameOf(picks[j].code), num: j + 1, total: picks.length }));
        focusI = j;
        focusAct = j === 0 ? 'down' : j === picks.length - 1 ? 'up' : act;
      }
      touch();
      renderRanked(el, p);
      const target = focusAct && focusI >= 0 && qBox(p).querySelector('[data-kf-act="' + focusAct + '"][data-kf-i="' + focusI + '"]');
      const parts = rankedParts(p);
      (target || parts.input || parts.results).focus();
      refresh();
    }

    return { setup: setupRanked, render: renderRanked, results: renderResults, action: rankAction };
  }
  if (root) root.KitaWishes = KitaWishes;
})(typeof window !== 'undefined' ? window : null);
