/* kitaforms assistant runtime: turns the plain HTML form into a step-by-step assistant.
   Progressive enhancement: the page works without these files. Rules come as data
   (<script type="application/json" id="kf-data">, expressions as JSON AST for KitaExpr);
   no eval, no inline code, nothing stored in the browser unless the parent ticks "Auf diesem Gerät
   merken" (remember.js), no request but the rest of the runtime (below), the final submit (with the
   chosen files: multipart, the answers as JSON in the first part "_submission") and, on the income
   form, the fee rules.
   Text is only ever written with textContent. Names/ids: see kitaforms.render (_view.py).

   This file starts the runtime; the work is done by modules of one job each, joined before it into
   the bundle's assets/kitaforms.js (kitaforms.render.JS_PARTS): each is a function window.Kita<Name>(kf)
   that takes the shared object kf (what the modules before it gave) and returns what it gives.
   The first view needs only the modules that show a step and follow the answers; the others (LATER:
   checks, errors, review, files, submit, repeats, save and resume, remember, wish list, fee estimate)
   come in assets/kitaforms-more.js (kitaforms.render.LATER_PARTS) with the data they read
   (assets/runtime-<lang>.json, kitaforms.render._later), fetched as soon as the parent does anything on
   the page (or at once when the step on screen, the server's errors or remembered answers need them);
   an action that needs them before they are there waits for them (kf.later). Save and resume and the
   "remember" box are on the page from the start; what they do comes with them. */
(function () {
  'use strict';
  const D = document;
  D.documentElement.classList.add('kf-js');

  function wirePrint() {
    D.querySelectorAll('[data-kf-print]').forEach((b) => {
      b.hidden = false;
      b.onclick = () => window.print();
    });
  }
  wirePrint();
  const dataNode = D.getElementById('kf-data');
  if (!dataNode || !window.KitaExpr) return;

  const K = JSON.parse(dataNode.textContent);
  const script = D.currentScript;
  // until the rest of the runtime is there (and without the fee estimate module) these do nothing
  // this browser's storage, or null where it is blocked (remember.js keeps answers there only after the tick)
  const localStore = () => { try { return window.localStorage; } catch (e) { return null; } };
  const kf = { D, K, T: K.t, LOC: K.lang === 'de' ? 'de-DE' : 'en-GB', wirePrint, localStore, loadFees() {}, scheduleFee() {},
    keep() {}, changed() {} };
  const MODULES = ['Values', 'Page', 'Definition', 'Conditions', 'Answers', 'Checks', 'Errors', 'Review', 'Steps',
    'Uploads', 'Submit', 'Repeats', 'Resume', 'Remember', 'Estimate', 'Leaving', 'Live'];
  const LATER = ['Checks', 'Errors', 'Review', 'Uploads', 'Submit', 'Repeats', 'Resume', 'Remember', 'Estimate'];
  const start = (names) => names.forEach((name) => { const part = window['Kita' + name]; if (part) Object.assign(kf, part(kf)); });
  start(MODULES.filter((name) => !LATER.includes(name)));

  // --- the rest of the runtime ----------------------------------------------------------------------
  const given = K.errors || [];
  let loading = null;
  let ready = false;
  // the modules (assets/kitaforms-more.js) and the data they read (assets/runtime-<lang>.json, kitaforms.render._later)
  kf.more = () => loading || (loading = new Promise((done) => {
    const more = D.createElement('script');
    const code = new Promise((ok, fail) => { more.onload = ok; more.onerror = fail; });
    more.src = new URL('kitaforms-more.js', script.src).href;
    D.head.appendChild(more);
    const data = fetch(new URL('runtime-' + K.lang + '.json', script.src).href, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)));
    Promise.all([data, code]).then(([later]) => {
      kf.adopt(later);
      start(MODULES.filter((name) => LATER.includes(name)));
      rest();
      ready = true;
      done();
    }, plain); // offline: the page without JavaScript, every step on screen, still sends
  }));
  kf.later = (fn) => (ready ? fn() : kf.more().then(fn));
  // "Später weitermachen" is on the page from the start, so that a screen reader reading the page finds it
  // (reading fires no event that would fetch the rest); what its controls do comes with the rest of the
  // runtime: a press before it is there waits for it, a file chosen meanwhile is read then (rest), a tick
  // of "Auf diesem Gerät merken" is kept then (remember.js)
  const resume = kf.$('kf-resume'), saveBtn = kf.$('kf-save');
  if (resume && saveBtn) {
    resume.hidden = false;
    saveBtn.addEventListener('click', () => { if (!ready) kf.more().then(() => saveBtn.click()); });
    const remember = kf.$('kf-remember');
    if (remember && localStore()) remember.closest('[data-kf-remember]').hidden = false; // blocked: it stays hidden
  }
  function rest() {
    const typed = kf.generation() > 0; // answers given while the rest was coming
    kf.touch(); // read the answers again: the other steps' elements are known now
    kf.setupInside(kf.ALL, '');
    kf.setupResume();
    const load = kf.$('kf-load'); // a saved file chosen while the rest was coming
    if (load.files && load.files.length) load.dispatchEvent(new Event('change'));
    kf.setupRemember();
    const restored = kf.restore(); // the step of the answers this device remembers, if the parent chose so
    if (typed) { kf.changed(); kf.loadFees(); }
    kf.refresh();
    if (given.length) kf.serverErrors(given, true);
    else if (restored !== null) kf.show(restored, { replace: true, noFocus: true });
  }
  function plain() {
    D.documentElement.classList.remove('kf-js');
    if (resume) resume.hidden = true; // saving needs the runtime that did not come
    kf.sections.forEach((s) => kf.hideStep(s, false));
    [kf.nextBtn, kf.$('kf-back'), kf.$('kf-progress'), kf.$('kf-progress-bar')].forEach((n) => { if (n) n.hidden = true; });
    kf.submitBtn.hidden = false;
    kf.form.noValidate = false;
  }
  // the parent is there: moves the pointer, scrolls, touches, types or tabs
  const touched = ['pointermove', 'pointerdown', 'wheel', 'scroll', 'touchstart', 'keydown', 'focusin', 'input'];
  function first() {
    touched.forEach((type) => D.removeEventListener(type, first, true));
    kf.more();
  }
  touched.forEach((type) => D.addEventListener(type, first, { capture: true, passive: true }));
  // until the rest is there, leaving with answers asks first here (afterwards remember.js asks)
  const unsaved = () => !ready && kf.generation() > 0;
  D.querySelectorAll('[data-kf-lang]').forEach((a) => a.addEventListener('click', (ev) => {
    if (unsaved() && !window.confirm(K.t.langwarn)) ev.preventDefault();
  }));
  window.addEventListener('beforeunload', (ev) => { if (unsaved()) { ev.preventDefault(); ev.returnValue = ''; } });
  // a send (or a repeat's button, which posts the page without JavaScript) before the rest is there waits for it
  kf.form.addEventListener('submit', (ev) => {
    if (ready) return;
    ev.preventDefault();
    const by = ev.submitter;
    if (by && !by.hasAttribute('data-kf-add') && !by.hasAttribute('data-kf-remove')) kf.more().then(() => kf.form.requestSubmit(by));
  });

  // --- start ----------------------------------------------------------------------------------
  kf.form.noValidate = true;
  kf.nextBtn.hidden = false;
  kf.$('kf-progress').hidden = false;
  if (kf.$('kf-progress-bar')) kf.$('kf-progress-bar').hidden = false;
  kf.refresh();
  const failed = given.length ? kf.byName[kf.defName(given[0].path)] : null;
  const at = failed ? failed.step : 0;
  kf.show(at, { replace: true, noFocus: true, keepSummary: !!given.length });
  const needs = (els) => els.some((el) => ['repeat', 'ranked_choice', 'file'].includes(el.t) || (el.c && needs(el.c)));
  let remembered = false;
  try { remembered = !!(localStore() && localStore().getItem('kitaforms:' + K.form)); } catch (e) { /* unreadable */ }
  if (given.length || remembered || needs(K.steps[at].els)) kf.more();
})();
