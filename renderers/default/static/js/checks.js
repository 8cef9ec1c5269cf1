/* kitaforms checks: kitaforms.runtime.fields in the browser, same codes and messages (K.msg), plus the
   form's own validations. No DOM: runs in node too (tests/render/test_runtime_modules.py).
   Part of the assistant runtime: kitaforms.js calls KitaChecks(kf). */
(function (root) {
  'use strict';
  function KitaChecks(kf) {
    const { K, fmt, labelOf, isEmpty, DIRECTION, isDate, typed, amountOf, isAmount, instances } = kf;
    const message = (code, el, p, vals) => fmt(K.msg[code], Object.assign({ label: labelOf(el, p) }, vals || {}));
    const count = (n, lo, hi) => (lo && n < lo[0] ? [['too_few_items', { limit: lo[1] }]] : hi && n > hi[0] ? [['too_many_items', { limit: hi[1] }]] : []);
    const fullMatch = (pat, v) => { try { return new RegExp('^(?:' + pat + ')$').test(v); } catch (e) { return true; } };
    // an IBAN of a SEPA country (K.pat.iban: its length and format, kitaforms.runtime.iban) with a right mod-97 check
    function ibanOk(v) {
      const s = v.replace(/\s+/g, '').toUpperCase();
      if (!new RegExp(K.pat.iban).test(s)) return false;
      let r = 0;
      for (const ch of s.slice(4) + s.slice(0, 4)) {
        const d = parseInt(ch, 36);
        r = (d > 9 ? r * 100 + d : r * 10 + d) % 97;
      }
      return r === 1;
    }
    const CHECK = {
      text: (el, v) => {
        const n = Array.from(v).length, out = [];
        if (el.minl && n < el.minl[0]) out.push(['too_short', { limit: el.minl[1] }]);
        if (el.maxl && n > el.maxl[0]) out.push(['too_long', { limit: el.maxl[1] }]);
        if (DIRECTION.test(v)) out.push(['invalid_characters']);
        if (el.pat && !fullMatch(el.pat, v)) out.push(['invalid_pattern']);
        return out;
      },
      textarea: (el, v) => (el.maxl && Array.from(v).length > el.maxl[0] ? [['too_long', { limit: el.maxl[1] }]] : []),
      email: (el, v) => (new RegExp(K.pat.email).test(v.trim()) ? [] : [['invalid_email']]),
      tel: (el, v) => (new RegExp(K.pat.tel).test(v.trim()) ? [] : [['invalid_tel']]),
      postal_code: (el, v) => (new RegExp(K.pat.postal_code).test(v.trim()) ? [] : [['invalid_postal_code']]),
      iban: (el, v) => (ibanOk(v) ? [] : [['invalid_iban']]),
      date: (el, v) => (isDate(v) ? [] : [['invalid_date']]),
      month: (el, v) => (typed(el, v) ? [] : [['invalid_month']]),
      multichoice: (el, v) => count(v.length, el.mini, el.maxi),
      ranked_choice: (el, v) => count(v.length, el.mini, el.maxi),
      repeat: (el, v) => count(v.length, el.mini, el.maxi),
      file: (el, v) => {
        const files = Array.isArray(v) ? v : [v], out = [];
        if (files.length > el.mf) out.push(['too_many_items', { limit: el.mf }]);
        if (files.some((f) => el.acc.indexOf(f.type) < 0)) out.push(['invalid_file_type']);
        if (files.some((f) => f.size > el.mb[0] * 1048576)) out.push(['file_too_large', { limit: el.mb[1] }]);
        return out;
      },
    };
    function numberCheck(el, raw) {
      const kind = el.t === 'decimal' ? 'number' : el.t;
      const v = isAmount(el) ? amountOf(el, raw) : raw;
      if (typeof v !== 'number') return [['invalid_' + kind]];
      if (el.min && v < el.min[0]) return [['too_small', { limit: el.min[1] }]];
      if (el.max && v > el.max[0]) return [['too_large', { limit: el.max[1] }]];
      return [];
    }
    // [[code, values], …] for one answer (raw: as read from the page); req: whether it is required now
    function problems(el, raw, req) {
      if (el.t === 'info' || el.t === 'group' || el.t === 'computed') return [];
      if (isEmpty(raw) || (el.t === 'declaration' && raw === false)) {
        if (!req) return [];
        const choice = ['choice', 'multichoice', 'boolean', 'ranked_choice'].indexOf(el.t) >= 0;
        return [[el.t === 'declaration' ? 'required_declaration' : el.t === 'file' ? 'required_file' : choice ? 'required_choice' : 'required']];
      }
      if (el.t === 'integer' || el.t === 'decimal' || el.t === 'money') return numberCheck(el, raw);
      return CHECK[el.t] ? CHECK[el.t](el, raw) : [];
    }
    // every wished facility offers the care type asked for (as kitaforms.runtime checks it)
    function careFits(ctx, el, idx, raw) {
      if (!el.fc || !el.cat || !Array.isArray(raw)) return true;
      const care = ctx.ev(el.fc, el.n, idx);
      if (typeof care !== 'string') return true;
      return raw.every((pk) => { const f = (K.fac || []).find((x) => x[0] === pk.code); return !f || f[4].indexOf(care) >= 0; });
    }
    // → [{p, text, warn}] for the visible instances of some elements
    function findErrors(ctx, els, prefix, idx, label) {
      const found = [];
      instances(els, prefix, idx, label, (el, p, ix, lab) => {
        if (!ctx.visible(el.n, ix)) return;
        const raw = ctx.raw(el.n, ix);
        const errs = problems(el, raw, ctx.required(el, ix));
        if (!errs.length && el.t === 'ranked_choice') {
          const misfit = el.cat && kf.wishes ? kf.wishes().fit(ctx, el, ix, raw) : null; // why a wished place does not fit
          if (misfit) errs.push(misfit);
          else if (!careFits(ctx, el, ix, raw)) errs.push(['invalid_choice']);
        }
        errs.forEach((e) => found.push({ p, lab, text: message(e[0], el, p, e[1]) }));
        const own = typed(el, raw);
        if (errs.length || own === null || !el.val) return;
        // the form's own rules; while one of its errors stands, a field's warnings wait (as kitaforms.runtime)
        const failed = el.val.filter((v) => ctx.ev(v[0], el.n, ix, own) !== true);
        const blocking = failed.filter((v) => !v[2]);
        (blocking.length ? blocking : failed).forEach((v) => found.push({ p, lab, text: v[1], warn: !!v[2] }));
      });
      return found;
    }

    return { message, CHECK, problems, findErrors };
  }
  if (typeof module === 'object' && module.exports) module.exports = KitaChecks;
  if (root) root.KitaChecks = KitaChecks;
})(typeof window !== 'undefined' ? window : null);
