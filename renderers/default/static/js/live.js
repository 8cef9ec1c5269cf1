/* kitaforms live updates: conditional reveal, computed values and "(optional)" marks follow the answers
   as they are typed; the form's input, change, key and click events.
   Part of the assistant runtime: kitaforms.js calls KitaLive(kf). */
(function (root) {
  'use strict';
  function KitaLive(kf) {
    // the review's formatting, errors, files, repeats and wish lists come with the rest of the runtime
    // (kitaforms-more.js, see kitaforms.js): used as kf.<name>, actions wait for it with kf.later
    const { $, form, qBox, ctl, setHidden, byName, defName, ALL, ranked, current, touch, instances, setTitle } = kf;
    let pending = 0;
    function refresh() {
      pending = 0;
      const ctx = current();
      instances(ALL, '', {}, '', (el, p, idx) => {
        const box = qBox(p);
        if (!box) return;
        if (el.v) setHidden(box, !ctx.visible(el.n, idx));
        if (el.t === 'computed' && kf.shown) {
          const out = ctl(p), text = kf.shown(el, ctx.visible(el.n, idx) ? ctx.computed(el, idx) : null, p);
          if (out && out.textContent !== text) out.textContent = text;
        }
        if (el.ri) setHidden(box.querySelector('[data-kf-opt]'), ctx.required(el, idx));
      });
      if (kf.recheck) kf.recheck();
      setTitle(!!$('kf-summary').firstChild);
      kf.scheduleFee();
      kf.prepareNext(); // the answers may have revealed a question on the next step, or chosen another step
    }
    function schedule() {
      touch();
      kf.changed();
      if (!pending) pending = requestAnimationFrame(refresh);
    }
    form.addEventListener('input', (ev) => {
      kf.loadFees();
      if (ev.target.dataset.kfSearch) { const p = ev.target.dataset.kfSearch; clearTimeout(ev.target.kfTimer); ev.target.kfTimer = setTimeout(() => kf.later(() => kf.wishes().results(byName[defName(p)], p, true)), 300); return; }
      schedule();
    });
    form.addEventListener('change', (ev) => {
      kf.loadFees();
      const t = ev.target;
      if (t.dataset.kfReason) {
        const pk = ranked[t.dataset.kfReason][+t.dataset.kfI];
        pk.reasons = pk.reasons.filter((r) => r !== t.value).concat(t.checked ? [t.value] : []);
      }
      if (t.type === 'file') kf.later(() => kf.fileChanged(t));
      touch();
      kf.changed();
      if (pending) cancelAnimationFrame(pending);
      refresh(); // a choice reveals its follow-up question at once
    });
    form.addEventListener('keydown', (ev) => {
      const p = ev.target.dataset && ev.target.dataset.kfSearch;
      if (p && ev.key === 'Enter') { ev.preventDefault(); kf.later(() => kf.wishes().results(byName[defName(p)], p, true)); }
    });
    form.addEventListener('click', (ev) => {
      const b = ev.target.closest('button');
      if (!b) return;
      if (b.dataset.kfAct) kf.later(() => { kf.wishes().action(b); schedule(); }); // a pick can correct an error
      else if (b.hasAttribute('data-kf-add')) {
        const p = b.closest('.kf-repeat').id.slice(2).replace(/-/g, '.');
        kf.later(() => { kf.addEntry(byName[defName(p)], p); schedule(); });
      } else if (b.hasAttribute('data-kf-remove')) {
        const entry = b.closest('.kf-entry'), rep = entry.closest('.kf-repeat');
        const p = rep.id.slice(2).replace(/-/g, '.');
        kf.later(() => kf.removeEntry(byName[defName(p)], p, kf.ownEntries(p).indexOf(entry)));
      }
    });

    return { refresh, schedule };
  }
  if (root) root.KitaLive = KitaLive;
})(typeof window !== 'undefined' ? window : null);
