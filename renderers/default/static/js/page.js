/* kitaforms page: finding and writing the page's parts (question boxes, controls, repeat entries,
   the status line for screen readers). Text is only ever written with textContent.
   Part of the assistant runtime: kitaforms.js calls KitaPage(kf). */
(function (root) {
  'use strict';
  function KitaPage(kf) {
    const { D, dash } = kf;
    const $ = (id) => D.getElementById(id);
    const form = $('kf-form');
    const statusBox = $('kf-status');
    const qBox = (p) => $('q-' + dash(p));
    const ctl = (p) => $('f-' + dash(p));

    function make(tag, cls, text) {
      const e = D.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    }
    // change the hidden state only when it changes (an unchanged write still costs a style pass)
    function setHidden(node, hide) { if (node && node.hidden !== hide) node.hidden = hide; }
    function say(text) {
      statusBox.textContent = '';
      setTimeout(() => { statusBox.textContent = text; }, 50);
    }
    function entryList(p) {
      const box = qBox(p);
      return box ? box.querySelector('.kf-entries') : null;
    }
    const entryCount = (p) => { const l = entryList(p); return l ? l.children.length : 0; };

    return { $, form, qBox, ctl, make, setHidden, say, entryList, entryCount };
  }
  if (root) root.KitaPage = KitaPage;
})(typeof window !== 'undefined' ? window : null);
