/* kitaforms wish list (ranked choice): search, add, move up/down, remove; no drag and drop.
   A wish list of the Kommune's facilities offers only places that fit the child: the care type asked
   for, the child's age on the start of care (in months, within the facility's range) and the weekly
   hours (within the hours it offers), as kitaforms.runtime.facilities decides on the server. The
   catalogue (K.facs: assets/einrichtungen.json) is loaded when the wish list is first shown, not with
   the page; once loaded it is K.fac as well (rows [id, name, Träger, address, care types, age from,
   age to, district, hours, postcode]), which the review reads. Search: words in name, Träger, address
   or district (a number: the postcode's beginning) and one Träger.
   Part of the assistant runtime, in the bundle only of pages with a ranked choice: the runtime calls
   window.KitaWishes(kf) and uses {setup, render, results, action, fit}. Text is only ever written with
   textContent. */
(function (root) {
  'use strict';
  const SHOWN = 20; // results listed at once; the parent narrows the search for more
  function KitaWishes(kf) {
    const { K, T, ranked, qBox, make, dash, fmt, say, isDate, TODAY, byName, defName, touch, refresh, current } = kf;
    const fold = (s) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
    let rows = null, loading = null, failed = false;
    const waiting = {}; // path → element: wish lists to draw again once the catalogue is there
    const owed = {}; // path → true: a search asked for while the catalogue was loading, announced once it is there

    // --- the catalogue, loaded on demand ---------------------------------------------------------
    function load() {
      if (rows || loading || !K.facs) return;
      loading = fetch(K.facs, { credentials: 'same-origin' })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
        .then((doc) => { rows = doc.f.map(item); K.fac = doc.f; })
        .catch(() => { failed = true; })
        .then(() => Object.keys(waiting).forEach((p) => renderRanked(waiting[p], p)));
    }
    function item(f) {
      return { code: f[0], name: f[1], traeger: f[2], meta: [f[7], f[3], f[2]].filter(Boolean).join(' · '), care: f[4],
        from: f[5], to: f[6], hours: f[8] || [], plz: f[9] || '', key: fold([f[1], f[2], f[3], f[7]].join(' ')) };
    }
    function items(el) {
      if (el.cat) return rows || [];
      return (el.o || []).map((o) => ({ code: o[0], name: o[1], meta: '' }));
    }
    const nameOf = (el, code) => (items(el).find((x) => x.code === code) || { name: code }).name;

    // --- what the child needs, from the answers the filters name --------------------------------
    function monthsBetween(a, b) {
      const x = a.split('-').map(Number), y = b.split('-').map(Number);
      return (y[0] - x[0]) * 12 + y[1] - x[1] - (y[2] < x[2] ? 1 : 0);
    }
    function needOf(el, ctx) {
      const idx = {}, ev = (e) => (e ? ctx.ev(e, el.n, idx) : null);
      const care = ev(el.fc), birth = ev(el.fb), start = el.fs ? ev(el.fs) : TODAY;
      const age = isDate(birth) && isDate(start) ? monthsBetween(birth, start) : null;
      let hours = null;
      (el.fh || []).some((e) => {
        const v = ev(e), n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? +v : null;
        if (n !== null) hours = n;
        return n !== null;
      });
      return { care: typeof care === 'string' && care ? care : null, age: age !== null && age >= 0 ? age : null, hours };
    }
    function misfit(x, need) {
      if (need.care !== null && x.care.indexOf(need.care) < 0) return 'facility_care_type';
      if (need.age !== null && !(x.from <= need.age && need.age < x.to)) return 'facility_age';
      const h = x.hours;
      if (need.hours !== null && h.length && !(Math.min.apply(null, h) <= need.hours && need.hours <= Math.max.apply(null, h))) return 'facility_hours';
      return null;
    }
    // ages and hours as the server writes them (kitaforms.runtime.facilities.age_text, hours_text)
    function unit(n, u, dative) { return n + ' ' + (n === 1 ? u[0] : dative ? u[2] : u[1]); }
    function ageText(months, dative) {
      const y = Math.floor(months / 12), m = months % 12, parts = [];
      if (y) parts.push(unit(y, K.units.y, dative));
      if (m || !y) parts.push(unit(m, K.units.m, dative));
      return parts.join(K.units.and);
    }
    function hoursText(h) {
      const v = Array.from(new Set(h)).sort((a, b) => a - b);
      if (v.length >= 4) return v[0] + K.units.to + v[v.length - 1];
      return v.length === 1 ? String(v[0]) : v.slice(0, -1).join(', ') + K.units.or + v[v.length - 1];
    }
    function careLabel(el, code) {
      const box = qBox(typeof el.fc === 'object' && el.fc.t === 'ref' ? el.fc.p.join('.') : '');
      const input = box && Array.from(box.querySelectorAll('input')).find((i) => i.value === code);
      const lab = input && box.querySelector('label[for="' + input.id + '"]');
      return lab ? lab.textContent.trim() : code;
    }
    function needText(el, need) {
      const parts = [careLabel(el, need.care)];
      if (need.age !== null) parts.push(fmt(T.facage, { age: ageText(need.age, false) }));
      if (need.hours !== null) parts.push(fmt(T.fachours, { hours: need.hours }));
      return parts.join(', ');
    }
    // [code, values] of the first wished facility that does not fit (for "Weiter"), or null
    function fit(ctx, el, idx, raw) {
      if (!el.cat || !rows || !Array.isArray(raw)) return null;
      const need = needOf(el, ctx);
      for (const pk of raw) {
        const x = rows.find((r) => r.code === pk.code);
        const why = x && misfit(x, need);
        if (why === 'facility_care_type') return [why, { name: x.name, care: careLabel(el, need.care) }];
        if (why === 'facility_age') return [why, { name: x.name, von: ageText(x.from, true), bis: ageText(x.to, true), alter: ageText(need.age, false) }];
        if (why === 'facility_hours') return [why, { name: x.name, angebot: hoursText(x.hours), stunden: need.hours }];
      }
      return null;
    }

    // --- the widget --------------------------------------------------------------------------------
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
      const full = make('p', 'kf-hint kf-full', T.maxpicks);
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
          w.append(hint, input, traegerChoice(d, p));
          const found = make('p', 'kf-found');
          found.id = d + '--found';
          results.setAttribute('aria-describedby', found.id);
          w.append(found);
          input.addEventListener('focus', load);
          whenShown(w, el, p);
          waiting[p] = el;
        } else w.append(input);
      } else {
        results.id = d; // the error summary links here
        results.tabIndex = -1;
        results.setAttribute('aria-label', T.options);
      }
      w.append(full, results);
      slots.replaceWith(w);
      const nojs = box.querySelector('.kf-wishsearch');
      if (nojs) nojs.remove(); // the search of the page without JavaScript
      renderRanked(el, p);
    }
    function traegerChoice(d, p) {
      const wrap = make('div', 'kf-traeger');
      const lab = make('label', 'kf-label', T.traeger);
      const sel = make('select', 'kf-select');
      sel.id = d + '--traeger';
      lab.htmlFor = sel.id;
      sel.dataset.kfTraeger = p;
      sel.append(new Option(T.alltraeger, ''));
      sel.addEventListener('change', () => renderResults(byName[defName(p)], p, true));
      wrap.append(lab, sel);
      return wrap;
    }
    function fillTraeger(parts) {
      const sel = parts.traeger;
      if (!sel || sel.options.length > 1 || !rows) return;
      Array.from(new Set(rows.map((x) => x.traeger))).sort((a, b) => a.localeCompare(b, 'de')).forEach((t) => sel.append(new Option(t, t)));
    }
    // load the catalogue when the wish list is first shown (its step gets a size); each later showing lists
    // what fits the answers as they are then
    function whenShown(w, el, p) {
      if (!('ResizeObserver' in window)) { load(); return; }
      let shown = false;
      new ResizeObserver((entries) => {
        const now = entries[entries.length - 1].contentRect.height > 0;
        if (now && !shown) { if (rows) renderResults(el, p, false); else load(); }
        shown = now;
      }).observe(w);
    }
    function rankedParts(p) {
      const w = qBox(p).querySelector('.kf-rank');
      return { list: w.querySelector('.kf-picks'), none: w.querySelector('.kf-picks + .kf-hint'), input: w.querySelector('input[type=search]'),
        traeger: w.querySelector('select[data-kf-traeger]'), found: w.querySelector('.kf-found'),
        results: w.querySelector('.kf-results'), full: w.querySelector('.kf-full'), box: w };
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
      if (el.cat && picks.length && !rows) load(); // names come with the catalogue (e.g. after loading a saved file)
      parts.list.textContent = '';
      picks.forEach((pk, i) => {
        const x = all.find((y) => y.code === pk.code) || { name: pk.code, meta: '' };
        const li = make('li', 'kf-pick');
        li.append(make('p', 'kf-pick__name', (el.rk ? i + 1 + '. ' : '') + x.name));
        if (x.meta) li.append(make('p', 'kf-pick__meta', x.meta));
        if (el.rs) {
          const fs = make('fieldset', 'kf-fieldset kf-reasons');
          fs.append(make('legend', 'kf-legend kf-legend--small', fmt(T.reasons, { name: x.name })));
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
        if (el.rk && i > 0) acts.append(actionButton(T.up, x.name, 'up', p, i));
        if (el.rk && i < picks.length - 1) acts.append(actionButton(T.down, x.name, 'down', p, i));
        acts.append(actionButton(T.remove, x.name, 'rm', p, i));
        li.append(acts);
        parts.list.append(li);
      });
      parts.none.hidden = picks.length > 0;
      renderResults(el, p, false);
    }
    function matches(x, words, traeger) {
      if (traeger && x.traeger !== traeger) return false;
      return words.every((w) => (/^\d+$/.test(w) ? x.plz.indexOf(w) === 0 : x.key.indexOf(w) >= 0));
    }
    function found(el, p, parts) {
      const words = parts.input ? fold(parts.input.value).replace(/,/g, ' ').split(/\s+/).filter(Boolean) : [];
      if (!el.cat) return items(el).filter((x) => words.every((w) => fold(x.name).indexOf(w) >= 0));
      const need = needOf(el, current()), traeger = parts.traeger ? parts.traeger.value : '';
      if (need.care === null || need.age === null) return null;
      parts.need = need;
      return rows.filter((x) => !misfit(x, need) && matches(x, words, traeger));
    }
    function renderResults(el, p, announce) {
      const parts = rankedParts(p), picks = ranked[p] || [];
      const max = el.maxi ? el.maxi[0] : Infinity;
      parts.results.textContent = '';
      parts.full.hidden = picks.length < max;
      if (el.cat && !rows) {
        if (parts.found) parts.found.textContent = failed ? T.facfail : T.facloading;
        if (announce) { owed[p] = !failed; say(parts.found.textContent); }
        return;
      }
      if (owed[p]) { announce = true; delete owed[p]; }
      fillTraeger(parts);
      const hits = found(el, p, parts);
      if (hits === null) {
        parts.found.textContent = T.facmissing;
        if (announce) say(T.facmissing);
        return;
      }
      hits.slice(0, el.cat ? SHOWN : 25).forEach((x) => {
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
      const count = fmt(T.found[hits.length === 1 ? 0 : 1], { num: hits.length });
      if (parts.found) {
        const more = hits.length > SHOWN ? ' ' + fmt(T.facmore, { num: SHOWN }) : '';
        parts.found.textContent = count + '. ' + fmt(T.facfor, { whom: needText(el, parts.need) }) + more;
      }
      if (announce) say(count);
    }
    function rankAction(b) {
      const p = b.dataset.kfRank, el = byName[defName(p)], picks = ranked[p], i = +b.dataset.kfI;
      const act = b.dataset.kfAct;
      let focusAct = null, focusI = i;
      if (act === 'add') {
        picks.push({ code: b.dataset.kfCode, reasons: [] });
        say(fmt(T.added, { name: nameOf(el, b.dataset.kfCode), num: picks.length, total: picks.length }));
      } else if (act === 'rm') {
        const gone = picks.splice(i, 1)[0];
        say(fmt(T.removed, { name: nameOf(el, gone.code) }));
        focusAct = 'rm';
        focusI = Math.min(i, picks.length - 1);
      } else {
        const j = act === 'up' ? i - 1 : i + 1;
        [picks[i], picks[j]] = [picks[j], picks[i]];
        say(fmt(T.moved, { name: nameOf(el, picks[j].code), num: j + 1, total: picks.length }));
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

    return { setup: setupRanked, render: renderRanked, results: renderResults, action: rankAction, fit };
  }
  if (root) root.KitaWishes = KitaWishes;
})(typeof window !== 'undefined' ? window : null);
