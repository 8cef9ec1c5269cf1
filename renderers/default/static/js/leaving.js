/* kitaforms leaving: leaving the page (reload, closing the tab, another address) or switching the
   language with answers that nothing keeps asks first (beforeunload; the language link asks with its own
   question, and a confirmed switch does not ask twice). Kept means: in a file ("Zwischenstand speichern")
   since the last change, or on this device (remember.js, when the parent ticked "Auf diesem Gerät merken").
   In the first view: it guards from the first answer on, before the rest of the runtime is there.
   Part of the assistant runtime: kitaforms.js calls KitaLeaving(kf). */
(function (root) {
  'use strict';
  function KitaLeaving(kf) {
    const { D, T, form } = kf;
    let dirty = false, leaving = false;
    const unsaved = () => dirty && !leaving && form.isConnected && !(kf.remembering && kf.remembering());
    const flush = () => { if (kf.flush) kf.flush(); }; // remembered answers written now, not in a moment
    window.addEventListener('beforeunload', (ev) => {
      flush();
      if (!unsaved()) return;
      ev.preventDefault();
      ev.returnValue = '';
    });
    D.querySelectorAll('[data-kf-lang]').forEach((a) => a.addEventListener('click', (ev) => {
      flush();
      if (unsaved() && !window.confirm(T.langwarn)) ev.preventDefault();
      else leaving = true;
    }));
    // an answer changed (kept on this device a moment later, if the parent chose so); saved: in the file
    return { changed: () => { dirty = true; kf.keep(); }, saved: () => { dirty = false; } };
  }
  if (root) root.KitaLeaving = KitaLeaving;
})(typeof window !== 'undefined' ? window : null);
