/* kitaforms remember: answers stay on the parent's own device only when the parent ticks "Auf diesem
   Gerät merken" (localStorage of this browser, key "kitaforms:<form>"): then they survive a reload,
   closing the tab and the language switch, until they are sent or the tick is taken away (both delete
   them). Without the tick nothing is stored (leaving.js asks before unsaved answers are lost). Chosen files
   are never stored.
   Part of the assistant runtime: kitaforms.js calls KitaRemember(kf). */
(function (root) {
  'use strict';
  function KitaRemember(kf) {
    const { K, T, $, form, say, fmt, collect, touch, fillEls, ALL, REVIEW, at } = kf;
    const KEY = 'kitaforms:' + K.form;
    const box = $('kf-remember');
    let timer = 0;
    const store = kf.localStore; // null: storage blocked
    const remembering = () => !!(box && box.checked) && form.isConnected;

    function write() {
      clearTimeout(timer);
      timer = 0;
      if (!remembering()) return;
      const state = { format: 'kitaforms-remember', form: K.form, version: K.version, step: at() === REVIEW ? 'review' : K.steps[at()].id, data: collect() };
      try { store().setItem(KEY, JSON.stringify(state)); } catch (e) { box.checked = false; say(T.rememberfail); }
    }
    function forget() {
      clearTimeout(timer);
      try { if (store()) store().removeItem(KEY); } catch (e) { /* nothing stored */ }
    }
    // an answer changed (or the step): written a moment later, once for a burst of typing
    function keep() { if (remembering() && !timer) timer = setTimeout(write, 300); }
    function stored() {
      let state = null;
      try { state = JSON.parse(store().getItem(KEY)); } catch (e) { state = null; }
      return state && state.format === 'kitaforms-remember' && state.form === K.form && state.data && typeof state.data === 'object' ? state : null;
    }
    // at start: the answers this device remembers (not on a page the server sent back with errors)
    function restore() {
      if (box && box.checked) return null; // ticked before this module came: the answers on the page are newer
      const state = !(K.errors || []).length && store() ? stored() : null;
      if (!state) return null;
      box.checked = true;
      const missing = [];
      fillEls(ALL, state.data, '', missing);
      touch();
      kf.loadFees();
      say([T.restored].concat(missing.map((n) => fmt(T.refile, { name: n }))).join(' '));
      return state.step === 'review' ? REVIEW : Math.max(0, K.steps.findIndex((s) => s.id === state.step));
    }
    const flush = () => { if (timer) write(); };
    function setupRemember() {
      if (!box || !store()) return; // storage blocked: the box stays hidden, the file is the way
      box.closest('[data-kf-remember]').hidden = false;
      const rememberNow = () => { write(); if (box.checked) say(T.remembered); }; // write() unticks the box if it cannot
      box.addEventListener('change', () => {
        if (box.checked) rememberNow(); else { forget(); kf.changed(); say(T.forgotten); }
      });
      window.addEventListener('pagehide', flush);
      if (box.checked) rememberNow(); // ticked before this module came (the box shows from the start)
    }
    return { keep, remembering, flush, restore, forget, setupRemember };
  }
  if (root) root.KitaRemember = KitaRemember;
})(typeof window !== 'undefined' ? window : null);
