/* kitaforms submit: checks every step, posts the answers (JSON; multipart with the chosen files) with
   one Idempotency-Key per submission, and shows the receipt or the server's errors.
   Part of the assistant runtime: kitaforms.js calls KitaSubmit(kf). */
(function (root) {
  'use strict';
  function KitaSubmit(kf) {
    const { D, K, T, $, form, say, ALL, isEmpty, withIndex, amountText, getPath, current, Ctx, findErrors,
      clearErrors, showError, showSummary, answers, REVIEW, at, sections, submitBtn, show, next,
      hashesReady, chosenFiles, touch } = kf;
    function submission(ctx, els, node, prefix, idx) {
      const out = {};
      els.forEach((el) => {
        const p = prefix + el.id;
        if (!ctx.visible(el.n, idx)) return;
        if (el.t === 'computed') {
          const v = ctx.computed(el, idx);
          // a computed amount is sent as one too: a decimal string with two decimals
          if (v !== null) out[el.id] = el.vt === 'money' && typeof v === 'number' && isFinite(v) ? amountText(v.toFixed(2), 2) : v;
          return;
        }
        if (!node || !(el.id in node)) return;
        let v = node[el.id];
        if (el.t === 'group') v = submission(ctx, el.c, v, p + '.', idx);
        else if (el.t === 'repeat') v = v.map((e, i) => submission(ctx, el.c, e, p + '.' + i + '.', withIndex(idx, el.n, i)));
        if (!(el.t === 'group' && isEmpty(v))) out[el.id] = v;
      });
      return out;
    }
    function allErrors(ctx) { return findErrors(ctx, ALL, '', {}, '').filter((e) => !e.warn); }
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (at() !== REVIEW) { next(); return; }
      const ctx = current();
      sections.forEach(clearErrors);
      const errors = allErrors(ctx);
      if (errors.length) { errors.forEach(showError); showSummary(errors); return; }
      send();
    });
    // One Idempotency-Key per submission: sent again with the same answers (a retry after a lost
    // answer), it is the same key, so the server stores the submission once; changed answers get a new one.
    let attempt = null;
    function idempotencyKey(body) {
      if (!attempt || attempt.body !== body) {
        const bytes = crypto.getRandomValues(new Uint8Array(16));
        attempt = { body, key: 'kf-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
      }
      return attempt.key;
    }
    // the answers alone as JSON; with files, multipart: the answers first (as JSON), then one part per
    // file named with its field's path (kitaforms.serve.uploads). The key covers the files' sha256s.
    function request(ctx) {
      const json = JSON.stringify(submission(ctx, ALL, ctx.data, '', {}));
      const files = chosenFiles(ctx);
      const headers = {
        Accept: 'text/html, application/problem+json, application/json',
        'Accept-Language': K.lang, 'Idempotency-Key': idempotencyKey(json),
      };
      if (!files.length) return { body: json, headers: Object.assign(headers, { 'Content-Type': 'application/json' }) };
      const body = new FormData();
      body.append('_submission', json);
      files.forEach(([p, f]) => body.append(p, f, f.name));
      return { body, headers };
    }
    async function send() {
      submitBtn.setAttribute('aria-disabled', 'true');
      say(T.sending);
      try {
        await hashesReady();
        touch();
        const req = request(current());
        const res = await fetch(form.action, { method: 'POST', credentials: 'same-origin', body: req.body, headers: req.headers });
        const type = res.headers.get('content-type') || '';
        if (res.ok && type.indexOf('text/html') >= 0) receiptFromHtml(await res.text());
        else if (res.ok) receiptFromJson(await res.json());
        else if (type.indexOf('json') >= 0) serverErrors((await res.json()).errors || []); // the answers stay on the page
        else throw new Error(String(res.status));
      } catch (e) {
        showSummary([{ p: '', text: T.sendfail }]);
      } finally {
        submitBtn.removeAttribute('aria-disabled');
      }
    }
    function serverErrors(list, stay) {
      const errors = list.map((e) => ({
        p: e.path, lab: '', warn: e.severity === 'warning' || e.w === 1,
        text: typeof e.message === 'string' ? e.message : (e.message && (e.message[K.lang] || e.message.de)) || e.code,
      }));
      sections.forEach(clearErrors);
      errors.forEach(showError);
      if (at() !== REVIEW && !stay) show(REVIEW, { noFocus: true });
      showSummary(errors.length ? errors : [{ p: '', text: T.sendfail }]);
    }
    function replaceMain(nodes, title) {
      kf.forget(); // sent: nothing of it stays on this device
      const main = D.querySelector('main');
      main.replaceChildren(...nodes);
      if (title) D.title = title;
      history.replaceState(null, '', location.pathname);
      kf.wirePrint();
      const h = main.querySelector('h1');
      if (h) { h.tabIndex = -1; h.focus(); }
    }
    function receiptFromHtml(text) {
      const doc = new DOMParser().parseFromString(text, 'text/html');
      const main = doc.querySelector('main');
      if (!main) throw new Error('no main');
      replaceMain(Array.from(main.childNodes, (n) => D.importNode(n, true)), doc.title);
    }
    // the answers with each file as the server stored it (json.files: attachment_id = the answer's path)
    function withStored(data, files) {
      const out = JSON.parse(JSON.stringify(data));
      (files || []).forEach((f) => {
        const parts = String(f.attachment_id).split('.'), last = parts.pop();
        const holder = parts.length ? getPath(out, parts.join('.')) : out;
        if (holder && typeof holder === 'object') holder[last] = { name: f.name, type: f.type, size: f.size, sha256: f.sha256, stored: true };
      });
      return out;
    }
    function receiptFromJson(json) {
      const frag = $('kf-receipt').content.cloneNode(true);
      frag.querySelector('[data-kf-reference]').textContent = String(json.reference || '');
      frag.querySelector('[data-kf-receipt-answers]').append(answers(new Ctx(withStored(current().data, json.files)), false));
      const title = frag.querySelector('h1').textContent;
      replaceMain([frag], [title, K.title, K.kommune].join(' – '));
    }

    return { submission, serverErrors };
  }
  if (root) root.KitaSubmit = KitaSubmit;
})(typeof window !== 'undefined' ? window : null);
