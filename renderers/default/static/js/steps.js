/* kitaforms steps: one step on screen at a time, "Weiter"/"Zurück", the review step, the browser's
   back button (one history entry per step), the page title and the progress line.
   Part of the assistant runtime: kitaforms.js calls KitaSteps(kf). */
(function (root) {
  'use strict';
  function KitaSteps(kf) {
    // checks, errors and the review come with the rest of the runtime (kitaforms-more.js, see kitaforms.js):
    // used as kf.<name> once it is there
    const { D, K, T, $, form, ctl, qBox, setHidden, say, fmt, byName, defName, current, visibleSteps } = kf;
    const REVIEW = K.steps.length;
    let cur = 0;
    let fromReview = false;
    let warned = '';
    const sections = K.steps.map((s) => D.querySelector('[data-kf-step="' + s.id + '"]'));
    const review = $('kf-review');
    const nextBtn = $('kf-next'), backBtn = $('kf-back'), submitBtn = $('kf-submit');
    const intros = Array.from(D.querySelectorAll('[data-kf-intro]'));

    function setTitle(error) {
      // a steady count: every step keeps its number and the total stays (a step the answers skip is skipped)
      const progress = fmt(T.step, { num: cur + 1, total: REVIEW + 1 });
      const bar = $('kf-progress'), meter = $('kf-progress-bar');
      if (bar.textContent !== progress) bar.textContent = progress;
      if (meter && meter.value !== cur + 1) { meter.max = REVIEW + 1; meter.value = cur + 1; }
      const name = cur === REVIEW ? T.review : K.steps[cur].l;
      const title = (error ? T.errtitle + ' ' : '') + progress + ': ' + [name, K.title, K.kommune].filter(Boolean).join(' – ');
      if (D.title !== title) D.title = title;
    }
    // a step off screen: hidden, and (where the style sheet keeps its layout with content-visibility, so that
    // the section itself stays in the page) out of the accessibility tree
    function hideStep(s, hide) {
      setHidden(s, hide);
      if (hide) s.setAttribute('aria-hidden', 'true'); else s.removeAttribute('aria-hidden');
    }
    // the step "Weiter" leads to is laid out while the browser is idle (the parent reads or types): it keeps
    // that layout while hidden (kitaforms.css), so the click costs its paint, not its style and layout; the
    // review is built ahead from the answers as they are. An answer schedules this again (it may reveal a
    // question there, or lead elsewhere); a browser without content-visibility prepares nothing ahead.
    const ahead = window.requestIdleCallback && window.CSS && CSS.supports('content-visibility', 'hidden');
    let preparing = 0;
    let reviewed = null; // the answers (evaluation context) the review was built from ahead
    function layOutNext() {
      preparing = 0;
      const j = fromReview ? REVIEW : step(1);
      const section = j === REVIEW ? review : sections[j];
      if (!section.hidden || (j === REVIEW && !kf.buildReview)) return;
      if (j === REVIEW && reviewed !== current()) { reviewed = current(); kf.buildReview(reviewed); }
      section.firstElementChild.getBoundingClientRect(); // lays out the whole hidden step (its content-visibility ends at it)
    }
    function prepareNext() { if (ahead && !preparing) preparing = requestIdleCallback(layOutNext, { timeout: 2000 }); }
    function show(i, opts) {
      opts = opts || {};
      if (i === REVIEW && !kf.buildReview) { kf.more().then(() => show(i, opts)); return; }
      cur = i;
      sections.forEach((s, j) => hideStep(s, j !== i));
      hideStep(review, i !== REVIEW);
      if (!opts.keepSummary && kf.clearSummary) kf.clearSummary();
      const ctx = current();
      const vis = visibleSteps(ctx);
      setHidden(backBtn, i === vis[0]);
      setHidden(nextBtn, i === REVIEW);
      setHidden(submitBtn, i !== REVIEW);
      const label = fromReview ? T.toreview : T.next;
      if (nextBtn.textContent !== label) nextBtn.textContent = label;
      intros.forEach((n) => setHidden(n, i !== vis[0]));
      if (i === REVIEW && reviewed !== ctx) kf.buildReview(ctx);
      reviewed = null;
      setTitle(false);
      const id = i === REVIEW ? 'review' : K.steps[i].id;
      // the browser's back button: one history entry per step, written once the step is painted (pushState
      // costs the browser a few milliseconds that the step change need not wait for)
      if (!opts.pop) requestAnimationFrame(() => setTimeout(() => history[opts.replace ? 'replaceState' : 'pushState']({ kf: id }, '', '#' + id), 0));
      if (!opts.noFocus) {
        window.scrollTo(0, 0);
        (i === REVIEW ? $('kf-review-title') : $('step-' + id + '-title')).focus({ preventScroll: true });
      }
      kf.scheduleFee();
      kf.keep(); // the step is part of what this device remembers
      prepareNext();
    }
    function step(dir) {
      const vis = visibleSteps(current());
      if (dir < 0) {
        const before = vis.filter((j) => j < cur);
        return before.length ? before[before.length - 1] : vis[0];
      }
      const after = vis.filter((j) => j > cur);
      return after.length ? after[0] : REVIEW;
    }
    function next() {
      if (!kf.findErrors) { kf.more().then(next); return; }
      const ctx = current();
      const s = K.steps[cur];
      kf.clearErrors(sections[cur]);
      const found = kf.findErrors(ctx, s.els, '', {}, '');
      found.forEach(kf.showError);
      if (found.some((e) => !e.warn)) { kf.showSummary(found); return; }
      const warnings = found.map((e) => e.p + e.text).join('|');
      if (warnings && warnings !== warned) {
        warned = warnings;
        say(found.map((e) => e.text).join(' '));
        const first = ctl(found[0].p);
        if (first) first.focus();
        return;
      }
      const target = fromReview ? REVIEW : step(1);
      if (target === REVIEW) fromReview = false;
      show(target);
    }
    function goToField(p) {
      const el = byName[defName(p)];
      if (el && el.step !== cur) show(el.step, { keepSummary: true, noFocus: true });
      const box = qBox(p), target = ctl(p) || box;
      if (box) box.scrollIntoView();
      if (target) target.focus({ preventScroll: true });
    }
    nextBtn.addEventListener('click', next);
    backBtn.addEventListener('click', () => { fromReview = false; show(step(-1)); });
    window.addEventListener('popstate', (ev) => {
      const id = ev.state && ev.state.kf;
      if (!id || !form.isConnected) return;
      const i = id === 'review' ? REVIEW : K.steps.findIndex((s) => s.id === id);
      if (i >= 0) show(i, { pop: true });
    });
    // "Ändern" on the review page: to the field, and "Weiter" leads back to the review
    $('kf-review-body').addEventListener('click', (ev) => {
      const a = ev.target.closest('a[data-kf-p]');
      if (!a) return;
      ev.preventDefault();
      fromReview = true;
      goToField(a.dataset.kfP);
    });

    return { REVIEW, at: () => cur, sections, hideStep, prepareNext, nextBtn, submitBtn, setTitle, show, next, goToField };
  }
  if (root) root.KitaSteps = KitaSteps;
})(typeof window !== 'undefined' ? window : null);
