/* kitaforms uploads: a chosen file is checked at once (type, size, number; the server checks the same)
   and hashed (SHA-256) for the answers and the receipt; the chosen files of visible fields are sent.
   Each file input says "Datei auswählen" and what is chosen in the page's language (the browser's own
   "Choose File / No file chosen" speaks the browser's language): the native input stays the control
   (focus, keyboard, label, screen readers), transparent over that text, which it names as its description.
   Part of the assistant runtime: kitaforms.js calls KitaUploads(kf). */
(function (root) {
  'use strict';
  function KitaUploads(kf) {
    const { T, form, qBox, ctl, make, say, fmt, byName, defName, fileMeta, hashing, touch, CHECK, message,
      clearErrors, showError, instances, ALL } = kf;
    function chosenText(input) {
      const names = Array.from(input.files || [], (f) => f.name);
      return names.length ? names.join(', ') : input.multiple ? T.nofiles : T.nofile;
    }
    function dressFile(input) {
      if (!input || input.classList.contains('kf-file-pick__input')) return;
      const pick = make('span', 'kf-file-pick');
      const face = make('span', 'kf-file-pick__face');
      face.setAttribute('aria-hidden', 'true');
      const chosen = make('span', 'kf-file-pick__chosen', chosenText(input));
      chosen.id = input.id + '--chosen';
      face.append(make('span', 'kf-file-pick__button', input.multiple ? T.choosefiles : T.choosefile), chosen);
      input.before(pick);
      pick.append(face, input);
      input.classList.add('kf-file-pick__input');
      input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + chosen.id).trim());
      input.addEventListener('change', () => { chosen.textContent = chosenText(input); });
    }
    function fileChanged(input) {
      fileMeta.delete(input);
      hashFiles(input);
      const names = Array.from(input.files || [], (f) => f.name).join(', ');
      const problem = checkFiles(input);
      if (problem) say(problem);
      else if (names) say(fmt(T.file, { name: names }));
    }
    // type, size and number of the chosen files at once, next to the field (the server checks the same)
    function checkFiles(input) {
      const p = input.name, el = byName[defName(p)], box = qBox(p);
      if (!el || !box) return '';
      clearErrors(box);
      const files = Array.from(input.files || [], (f) => ({ name: f.name, type: f.type || 'application/octet-stream', size: f.size }));
      if (!files.length) return '';
      const found = CHECK.file(el, files).map((e) => ({ p, text: message(e[0], el, p, e[1]) }));
      found.forEach(showError);
      return found.map((e) => e.text).join(' ');
    }
    function hashesReady() {
      const inputs = Array.from(form.querySelectorAll('input[type=file]'));
      return Promise.all(inputs.map((i) => hashing.get(i) || hashFiles(i)));
    }
    function hashFiles(input) {
      const job = digest(input);
      hashing.set(input, job);
      return job;
    }
    async function digest(input) {
      touch();
      const out = [];
      for (const f of Array.from(input.files || [])) {
        let sha = '';
        try {
          const buf = await crypto.subtle.digest('SHA-256', await f.arrayBuffer());
          sha = Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
        } catch (e) { sha = ''; }
        out.push({ name: f.name, sha256: sha });
      }
      fileMeta.set(input, out);
      return out;
    }
    // the chosen files of the visible file fields: [instance path, File], in the order of the answers
    function chosenFiles(ctx) {
      const out = [];
      instances(ALL, '', {}, '', (el, p, idx) => {
        const input = el.t === 'file' && ctx.visible(el.n, idx) ? ctl(p) : null;
        if (input && input.files) Array.from(input.files).forEach((f) => out.push([p, f]));
      });
      return out;
    }

    return { fileChanged, hashesReady, chosenFiles, dressFile };
  }
  if (root) root.KitaUploads = KitaUploads;
})(typeof window !== 'undefined' ? window : null);
