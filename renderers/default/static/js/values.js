/* kitaforms values: what parents type, read as the submission wants it (amounts as decimal strings,
   dates "YYYY-MM-DD", IBANs without spaces), and the typed value the rules see. No DOM: runs in node
   too (tests/render/test_runtime_modules.py). Same rules as kitaforms.render._values and
   kitaforms.runtime.formats. Part of the assistant runtime: kitaforms.js calls KitaValues(kf). */
(function (root) {
  'use strict';
  function KitaValues(kf) {
    const K = kf.K;
    const pad = (n) => String(n).padStart(2, '0');
    const now = new Date();
    const TODAY = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
    const dash = (p) => p.replace(/\./g, '-');
    const fmt = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (v && v[k] !== undefined ? v[k] : m));
    // as kitaforms.runtime.text: white space and invisible characters only is no answer; direction controls are refused
    const BLANK = /^[\s\x1c-\x1f\u0085\u200b-\u200d\u2060\ufeff]*$/;
    const DIRECTION = /[\u202a-\u202e\u2066-\u2069]/;
    const isEmpty = (v) => v === null || v === undefined || (typeof v === 'string' && BLANK.test(v)) ||
      (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length);
    const defName = (p) => p.split('.').filter((x) => !/^\d+$/.test(x)).join('.');

    // --- dates and months from their inputs -----------------------------------------------------
    function monthNum(s) {
      const v = s.trim().toLowerCase().replace(/\.$/, '');
      if (/^\d+$/.test(v) && +v >= 1 && +v <= 12) return pad(+v);
      return K.months && K.months[v] ? pad(K.months[v]) : s.trim(); // month names come with the rest (render._later)
    }
    function dateFrom(day, month, year) {
      const d = day.trim(), m = monthNum(month), y = year.trim();
      if (!d && !m && !y) return null;
      if (/^\d{1,2}$/.test(d) && /^\d+$/.test(m) && /^\d{4}$/.test(y)) return y + '-' + m + '-' + pad(+d);
      return y + '-' + m + '-' + d;
    }
    function monthFrom(month, year) {
      const m = monthNum(month), y = year.trim();
      return !m && !y ? null : y + '-' + m;
    }
    const ibanFrom = (text) => text.replace(/\s+/g, '').toUpperCase() || null; // as the schema wants it

    // --- numbers and amounts --------------------------------------------------------------------
    const GROUPED = { ',': /^\d{1,3}(,\d{3})+$/, '.': /^\d{1,3}(\.\d{3})+$/ };
    function normal(text, places) {
      let sign = '', b = text;
      if (/^[+-]/.test(b)) { sign = b[0]; b = b.slice(1); }
      if (b.indexOf(',') >= 0 && b.indexOf('.') >= 0) {
        const dec = b.lastIndexOf(',') > b.lastIndexOf('.') ? ',' : '.';
        const grp = dec === ',' ? '.' : ',';
        const at = b.lastIndexOf(dec), head = b.slice(0, at);
        return GROUPED[grp].test(head) || /^\d+$/.test(head) ? sign + head.split(grp).join('') + '.' + b.slice(at + 1) : null;
      }
      for (const sep of [',', '.']) {
        const n = b.split(sep).length - 1;
        if (n > 1) return GROUPED[sep].test(b) ? sign + b.split(sep).join('') : null;
        if (n === 1) {
          const [head, tail] = b.split(sep);
          const grouped = tail.length === 3 && places < 3 && head.length >= 1 && head.length <= 3 && head[0] !== '0';
          return sign + (grouped ? head + tail : head + '.' + tail);
        }
      }
      return sign + b;
    }
    function readDecimal(text, places) {
      const raw = text.trim();
      if (!raw) return null;
      const n = normal(raw.replace(/[\s\u00a0\u202f€']|EUR/gi, ''), places);
      if (n === null || !/^[+-]?\d+(\.\d+)?$/.test(n) || (n.split('.')[1] || '').length > places) return { raw };
      return { n };
    }
    function parseNumber(text, places) {
      const r = readDecimal(text, places);
      return r === null ? null : r.raw !== undefined ? r.raw : Number(r.n);
    }
    // an amount (money, decimal) travels as a decimal string with exactly `places` decimals ("1250.50"),
    // never as a binary floating-point number (kitaforms.runtime.formats); unreadable input stays as typed
    function amountText(n, places) {
      const neg = n[0] === '-', body = n.replace(/^[+-]/, '').split('.');
      const whole = body[0].replace(/^0+(?=\d)/, ''), frac = (body[1] || '').padEnd(places, '0');
      const text = whole + (places ? '.' + frac : '');
      return neg && /[1-9]/.test(text) ? '-' + text : text;
    }
    function parseAmount(text, places) {
      const r = readDecimal(text, places);
      return r === null ? null : r.raw !== undefined ? r.raw : amountText(r.n, places);
    }
    const amountRes = {};
    const amountRe = (places) => amountRes[places] || (amountRes[places] = new RegExp('^-?(0|[1-9]\\d*)' + (places ? '(\\.\\d{1,' + places + '})?' : '') + '$'));
    // the amount a decimal string holds (no "-0"), else null
    const amountOf = (el, v) => (typeof v === 'string' && amountRe(el.dec).test(v) && !/^-0(\.0*)?$/.test(v) ? Number(v) : null);
    const isAmount = (el) => el.t === 'decimal' || el.t === 'money';

    // the answer of a field with one text input, from that text (kitaforms.render._post reads a plain post alike)
    function fromText(el, text) {
      const t = el.t;
      if (t === 'integer') return parseNumber(text, 0);
      if (t === 'decimal' || t === 'money') return parseAmount(text, el.dec);
      if (t === 'iban') return ibanFrom(text);
      const v = (t === 'textarea' ? text.replace(/\r\n/g, '\n') : text.trim()).normalize('NFC');
      return BLANK.test(v) ? null : v;
    }

    // --- the value the rules see --------------------------------------------------------------
    function isDate(s) {
      const m = typeof s === 'string' && /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (!m) return false;
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
    }
    function typed(el, raw) {
      if (isEmpty(raw)) return null;
      const t = el.t;
      if (t === 'integer') return typeof raw === 'number' ? raw : null;
      if (t === 'decimal' || t === 'money') return amountOf(el, raw);
      if (t === 'date') return isDate(raw) ? raw : null;
      if (t === 'month') return typeof raw === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(raw) ? raw + '-01' : null;
      if (t === 'boolean' || t === 'declaration') return typeof raw === 'boolean' ? raw : null;
      if (t === 'multichoice') return Array.isArray(raw) ? raw.filter((x) => typeof x === 'string') : null;
      if (t === 'ranked_choice') return Array.isArray(raw) ? raw.map((x) => x.code) : null;
      if (t === 'file') return Array.isArray(raw) ? raw.map((f) => f.name) : raw.name || null;
      if (t === 'repeat') return Array.isArray(raw) ? raw : null;
      return typeof raw === 'string' ? raw : null;
    }

    // --- paths into the answers ---------------------------------------------------------------
    function getPath(data, p) {
      let node = data;
      for (const part of p.split('.')) {
        if (Array.isArray(node) && /^\d+$/.test(part)) node = node[+part];
        else if (node && typeof node === 'object' && !Array.isArray(node)) node = node[part];
        else return null;
        if (node === undefined) return null;
      }
      return node;
    }
    function instancePath(name, idx) {
      const parts = name.split('.'), out = [];
      parts.forEach((part, i) => {
        out.push(part);
        const prefix = parts.slice(0, i + 1).join('.');
        if (idx[prefix] !== undefined && i < parts.length - 1) out.push(String(idx[prefix]));
      });
      return out.join('.');
    }
    const relevant = (idx, reps) => reps.map((r) => (idx[r] === undefined ? '' : idx[r])).join(',');
    const withIndex = (idx, name, i) => Object.assign({}, idx, { [name]: i });

    return {
      pad, TODAY, dash, fmt, DIRECTION, isEmpty, defName, dateFrom, monthFrom, fromText,
      amountText, amountOf, isAmount, isDate, typed, getPath, instancePath, relevant, withIndex,
    };
  }
  if (typeof module === 'object' && module.exports) module.exports = KitaValues;
  if (root) root.KitaValues = KitaValues;
})(typeof window !== 'undefined' ? window : null);
