/* kitaforms repeats: add and remove entries of a repeated group (ids, names and numbers rewritten),
   and the set-up of repeats and wish lists (wishes.js) inside the page.
   Part of the assistant runtime: kitaforms.js calls KitaRepeats(kf). */
(function (root) {
  'use strict';
  function KitaRepeats(kf) {
    const { T, qBox, ctl, dash, fmt, say, setHidden, entryList, entryCount, ranked, touch, instances, dressFile } = kf;
    const ATTRS = ['id', 'for', 'name', 'aria-describedby', 'aria-labelledby', 'href'];
    function eachNode(root, fn) {
      root.querySelectorAll('*').forEach((n) => {
        fn(n);
        if (n.content) eachNode(n.content, fn);
      });
    }
    function rewrite(root, fn) {
      const apply = (n) => ATTRS.forEach((a) => { const v = n.getAttribute(a); if (v !== null) n.setAttribute(a, fn(v, a)); });
      if (root.getAttribute) apply(root);
      eachNode(root, apply);
    }
    function renumber(entry, i) {
      entry.querySelectorAll(':scope > legend [data-kf-num], :scope > button [data-kf-num]').forEach((n) => { n.textContent = String(i + 1); });
    }
    function ownEntries(p) { const l = entryList(p); return l ? Array.from(l.children) : []; }
    function repeatButtons(el, p) {
      const box = qBox(p), n = entryCount(p);
      const min = el.mini ? el.mini[0] : 0, max = el.maxi ? el.maxi[0] : Infinity;
      setHidden(box.querySelector(':scope > [data-kf-add]'), n >= max);
      ownEntries(p).forEach((e) => setHidden(e.querySelector(':scope > [data-kf-remove]'), n <= min));
    }
    function addEntry(el, p, quiet) {
      const box = qBox(p), i = entryCount(p);
      const frag = box.querySelector(':scope > template').content.cloneNode(true);
      const mark = '__' + el.reps.length + '__';
      rewrite(frag, (v) => v.split(mark).join(String(i)));
      const entry = frag.firstElementChild;
      asButton(entry.querySelector(':scope > [data-kf-remove]'));
      renumber(entry, i);
      entryList(p).append(frag);
      touch();
      setupInside(el.c, p + '.' + i + '.');
      repeatButtons(el, p);
      if (!quiet) {
        say(fmt(T.entryadded, { label: el.il + ' ' + (i + 1) }));
        const first = entry.querySelector('input, select, textarea');
        if (first) first.focus();
      }
    }
    function removeEntry(el, p, i) {
      const entries = ownEntries(p);
      entries[i].remove();
      touch();
      for (let j = i + 1; j < entries.length; j++) {
        const from = p + '.' + j, to = p + '.' + (j - 1);
        const df = dash(from), dt = dash(to);
        rewrite(entries[j], (v, a) => (a === 'name' ? (v === from || v.indexOf(from + '.') === 0 ? to + v.slice(from.length) : v)
          : v.split(' ').map((tok) => {
            const m = /^(#?[fq]-)(.*)$/.exec(tok);
            return m && (m[2] === df || m[2].indexOf(df + '-') === 0) ? m[1] + dt + m[2].slice(df.length) : tok;
          }).join(' ')));
        renumber(entries[j], j - 1);
        Object.keys(ranked).forEach((k) => {
          if (k.indexOf(from + '.') === 0) { ranked[to + k.slice(from.length)] = ranked[k]; delete ranked[k]; }
        });
      }
      repeatButtons(el, p);
      say(fmt(T.entryremoved, { label: el.il + ' ' + (i + 1) }));
      ctl(p).focus();
      kf.refresh();
    }
    function asButton(b) { // a submit button of the page without JS becomes a plain button
      ['name', 'value', 'formaction', 'formnovalidate'].forEach((a) => b.removeAttribute(a));
      b.type = 'button';
      return b;
    }
    function setupRepeat(el, p) {
      const min = el.mini ? el.mini[0] : 0;
      ownEntries(p).forEach((e) => { if (e.hasAttribute('data-kf-spare')) e.remove(); }); // slots for the page without JS
      // the add/remove buttons post the page without JS (the server answers with one entry more or less)
      ownEntries(p).forEach((e) => asButton(e.querySelector(':scope > [data-kf-remove]')));
      while (entryCount(p) < min) addEntry(el, p, true);
      const add = asButton(qBox(p).querySelector(':scope > [data-kf-add]'));
      add.hidden = false;
      repeatButtons(el, p);
    }
    function setupInside(els, prefix) {
      instances(els, prefix, {}, '', (el, p) => {
        if (el.t === 'repeat') setupRepeat(el, p);
        if (el.t === 'ranked_choice') wishes().setup(el, p);
        if (el.t === 'file') dressFile(ctl(p));
      });
    }

    // --- ranked wishes: wishes.js (in the bundle of pages with a ranked choice) ----------------
    let wishList = null;
    function wishes() {
      if (!wishList) wishList = window.KitaWishes(kf);
      return wishList;
    }

    return { ownEntries, repeatButtons, addEntry, removeEntry, setupInside, wishes };
  }
  if (root) root.KitaRepeats = KitaRepeats;
})(typeof window !== 'undefined' ? window : null);
