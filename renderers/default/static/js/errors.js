/* kitaforms errors: each message next to its field (aria-describedby, aria-invalid) and the GOV.UK
   error summary (role=alert, focused, one link per error to its field).
   Part of the assistant runtime: kitaforms.js calls KitaErrors(kf). */
(function (root) {
  'use strict';
  function KitaErrors(kf) {
    const { T, $, make, qBox, ctl, dash, ALL, getPath, current, findErrors } = kf;
    let listed = []; // the summary's errors, each with the answer it was about when shown ("was")
    const answerAt = (p) => (p ? JSON.stringify(getPath(current().data, p)) : '');
    function setDescribed(holder, id, on) {
      if (!holder) return;
      const ids = (holder.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== id);
      if (on) ids.push(id);
      if (ids.length) holder.setAttribute('aria-describedby', ids.join(' '));
      else holder.removeAttribute('aria-describedby');
    }
    const pathOf = (box) => box.id.slice(2).replace(/-/g, '.');
    // where aria-describedby goes: the fieldset of grouped controls, else the control itself
    const descHolder = (box) => (box.localName === 'section' ? box : box.querySelector(':scope > fieldset') || ctl(pathOf(box)));
    function msgsBox(box) {
      const found = box.querySelector('.kf-msgs');
      if (found && found.closest('.kf-q') === box) return found;
      const m = make('div', 'kf-msgs');
      const host = box.querySelector(':scope > fieldset') || box;
      const before = Array.from(host.children).filter((c) => c.matches('legend, label, .kf-hint, .kf-help, .kf-repeat__title, .kf-declaration__body')).pop();
      if (before) before.after(m); else host.prepend(m);
      return m;
    }
    function controlsOf(box) {
      return Array.from(box.querySelectorAll('input, select, textarea')).filter((c) =>
        c.closest('.kf-q') === box && (c.type !== 'radio' && (c.type !== 'checkbox' || box.classList.contains('kf-declaration'))));
    }
    function clearMessage(m) {
      const box = m.closest('.kf-q');
      if (box) {
        box.classList.remove('kf-q--error');
        setDescribed(descHolder(box), m.id, false);
        controlsOf(box).forEach((c) => c.removeAttribute('aria-invalid'));
      }
      m.remove();
    }
    function clearErrors(scope) { scope.querySelectorAll('.kf-error, .kf-warning').forEach(clearMessage); }
    function showError(e) {
      const box = qBox(e.p);
      if (!box) return;
      const msgs = msgsBox(box);
      const id = 'f-' + dash(e.p) + (e.warn ? '--warning' : '--error');
      if ($(id)) return;
      const m = make('p', e.warn ? 'kf-warning' : 'kf-error');
      m.id = id;
      m.append(make('span', 'kf-vh', e.warn ? T.note : T.error), ' ' + e.text);
      msgs.append(m);
      setDescribed(descHolder(box), id, true);
      if (!e.warn) {
        box.classList.add('kf-q--error');
        controlsOf(box).forEach((c) => c.setAttribute('aria-invalid', 'true'));
      }
    }
    function showSummary(errors) {
      const list = errors.filter((e) => !e.warn);
      listed = list.map((e) => Object.assign({ was: answerAt(e.p) }, e));
      if (writeSummary(list)) $('kf-summary').firstChild.focus();
    }
    function writeSummary(list) {
      const holder = $('kf-summary');
      holder.textContent = '';
      if (!list.length) return false;
      const box = make('div', 'kf-error-summary');
      box.setAttribute('role', 'alert');
      box.tabIndex = -1;
      box.setAttribute('aria-labelledby', 'kf-error-summary-title');
      const h = make('h2', 'kf-error-summary__title', T.problem);
      h.id = 'kf-error-summary-title';
      const ul = make('ul', 'kf-error-summary__list');
      list.forEach((e) => {
        const li = make('li');
        const a = make(e.p ? 'a' : 'span', '', (e.lab || '') + e.text);
        if (e.p) {
          a.href = '#f-' + dash(e.p);
          a.dataset.kfP = e.p;
        }
        li.append(a);
        ul.append(li);
      });
      box.append(h, ul);
      holder.append(box);
      kf.setTitle(true);
      return true;
    }
    function clearSummary() { listed = []; $('kf-summary').textContent = ''; }
    // an answer changed: the errors it put right leave the summary and their field (the summary goes
    // when none is left, and with it the "Fehler:" of the title); nothing new is added while typing
    function recheck() {
      if (!listed.length) return;
      const still = new Set(findErrors(current(), ALL, '', {}, '').filter((e) => !e.warn).map((e) => e.p));
      const fixed = listed.filter((e) => e.p && !still.has(e.p) && answerAt(e.p) !== e.was);
      if (!fixed.length) return;
      fixed.forEach((e) => { const m = $('f-' + dash(e.p) + '--error'); if (m) clearMessage(m); });
      listed = listed.filter((e) => fixed.indexOf(e) < 0);
      writeSummary(listed);
    }
    $('kf-summary').addEventListener('click', (ev) => {
      const a = ev.target.closest('a[href^="#f-"]');
      if (!a) return;
      ev.preventDefault();
      kf.goToField(a.dataset.kfP || a.getAttribute('href').slice(3).replace(/-/g, '.'));
    });

    return { clearErrors, showError, showSummary, clearSummary, recheck };
  }
  if (root) root.KitaErrors = KitaErrors;
})(typeof window !== 'undefined' ? window : null);
