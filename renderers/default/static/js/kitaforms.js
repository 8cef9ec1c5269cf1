/* kitaforms assistant runtime: turns the plain HTML form into a step-by-step assistant.
   Progressive enhancement: the page works without this file. Rules come as data
   (<script type="application/json" id="kf-data">, expressions as JSON AST for KitaExpr);
   no eval, no inline code, nothing stored in the browser, no request but the final submit
   (with the chosen files: multipart, the answers as JSON in the first part "_submission").
   Text is only ever written with textContent. Names/ids: see kitaforms.render (_view.py). */
(function () {
  'use strict';
  const D = document;
  const $ = (id) => D.getElementById(id);
  D.documentElement.classList.add('kf-js');

  function wirePrint() {
    D.querySelectorAll('[data-kf-print]').forEach((b) => {
      b.hidden = false;
      b.onclick = () => window.print();
    });
  }
  wirePrint();
  const dataNode = $('kf-data');
  if (!dataNode || !window.KitaExpr) return;

  const K = JSON.parse(dataNode.textContent);
  const T = K.t;
  const LOC = K.lang === 'de' ? 'de-DE' : 'en-GB';
  const form = $('kf-form');
  const statusBox = $('kf-status');
  const pad = (n) => String(n).padStart(2, '0');
  const now = new Date();
  const TODAY = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
  const dash = (p) => p.replace(/\./g, '-');
  const qBox = (p) => $('q-' + dash(p));
  const ctl = (p) => $('f-' + dash(p));
  const fmt = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (v && v[k] !== undefined ? v[k] : m));
  // as kitaforms.runtime.text: white space and invisible characters only is no answer; direction controls are refused
  const BLANK = /^[\s\x1c-\x1f\u0085\u200b-\u200d\u2060\ufeff]*$/;
  const DIRECTION = /[\u202a-\u202e\u2066-\u2069]/;
  const isEmpty = (v) => v === null || v === undefined || (typeof v === 'string' && BLANK.test(v)) ||
    (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length);

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

  // --- the definition -----------------------------------------------------------------------
  // compact expressions (kitaforms.render._client.compact) → the JSON AST KitaExpr reads
  function ast(c) {
    if (typeof c === 'string') return { t: 'ref', p: c.split('.') };
    if (c === null || typeof c === 'boolean') return c === null ? { t: 'null' } : { t: 'bool', v: c };
    const h = c[0], args = c.slice(1);
    if (h === "'" || h === '#' || h === 'd') return { t: { "'": 'str', '#': 'num', d: 'date' }[h], v: c[1] };
    if (h[0] === '@') return { t: 'call', f: h.slice(1), a: args.map(ast) };
    return { t: 'op', op: h, a: args.map(ast) };
  }
  const byName = {};
  const ALL = [];
  K.steps.forEach((s, i) => {
    s.els.forEach((el) => ALL.push(el));
    if (s.v) s.v = ast(s.v);
    s.l = $('step-' + s.id + '-title').textContent;
    (function index(els, reps, parent) {
      els.forEach((el) => {
        el.n = parent ? parent + '.' + el.id : el.id;
        ['v', 'ri', 'e', 'fc', 'fb'].forEach((k) => { if (el[k] !== undefined) el[k] = ast(el[k]); });
        (el.val || []).forEach((v) => { v[0] = ast(v[0]); });
        el.step = i;
        el.reps = reps;
        el.scope = parent;
        byName[el.n] = el;
        if (el.c) index(el.c, el.t === 'repeat' ? reps.concat(el.n) : reps, el.n);
      });
    })(s.els, [], '');
  });
  // labels and option texts come from the page (not repeated in the data)
  function labelOf(el, p) {
    if (el.l === undefined) {
      const box = qBox(p);
      const node = box && box.querySelector('.kf-legend, .kf-label, .kf-checkbox__label, .kf-computed__label, .kf-repeat__title, .kf-info__title');
      const copy = node ? node.cloneNode(true) : make('span');
      copy.querySelectorAll('.kf-opt, .kf-vh').forEach((n) => n.remove());
      el.l = copy.textContent.trim().replace(/:$/, '');
    }
    return el.l;
  }
  function optionText(el, p, code) {
    if (el.sel) { const o = Array.from(ctl(p).options).find((x) => x.value === code); return o ? o.text : code; }
    const input = form.querySelector('input[name="' + p + '"][value="' + code + '"]');
    const lab = input && form.querySelector('label[for="' + input.id + '"]');
    return lab ? lab.textContent.trim() : code;
  }
  const defName = (p) => p.split('.').filter((x) => !/^\d+$/.test(x)).join('.');

  // --- reading the page: the submission shape (kitaforms.render form_post_to_data) ------------
  const ranked = {}; // path → [{code, reasons}]
  const fileMeta = new WeakMap(); // input → [{name, sha256}] once hashed
  const hashing = new WeakMap(); // input → Promise of the above

  function entryList(p) {
    const box = qBox(p);
    return box ? box.querySelector('.kf-entries') : null;
  }
  const entryCount = (p) => { const l = entryList(p); return l ? l.children.length : 0; };
  // one pass over the form's controls per reading: name → values (checked ones for boxes) and element
  let S = null;
  function snapshot() {
    const vals = {}, els = {};
    for (const c of form.elements) {
      const n = c.name;
      if (!n) continue;
      if (c.type === 'radio' || c.type === 'checkbox') {
        vals[n] = vals[n] || [];
        if (c.checked) vals[n].push(c.value);
      } else vals[n] = [c.value];
      els[n] = c;
    }
    return { vals, els };
  }
  const checked = (p) => S.vals[p] || [];
  const valueOf = (p) => (S.vals[p] || [''])[0];

  function monthNum(s) {
    const v = s.trim().toLowerCase().replace(/\.$/, '');
    if (/^\d+$/.test(v) && +v >= 1 && +v <= 12) return pad(+v);
    return K.months[v] ? pad(K.months[v]) : s.trim();
  }
  const partsOf = (p, keys) => keys.map((k) => valueOf(p + '.' + k));
  function readDate(p) {
    const v = partsOf(p, ['day', 'month', 'year']);
    const d = v[0].trim(), m = monthNum(v[1]), y = v[2].trim();
    if (!d && !m && !y) return null;
    if (/^\d{1,2}$/.test(d) && /^\d+$/.test(m) && /^\d{4}$/.test(y)) return y + '-' + m + '-' + pad(+d);
    return y + '-' + m + '-' + d;
  }
  function readMonth(p) {
    const v = partsOf(p, ['month', 'year']);
    const m = monthNum(v[0]), y = v[1].trim();
    return !m && !y ? null : y + '-' + m;
  }
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
  function readFiles(p, el) {
    const input = S.els[p];
    if (!input || !input.files || !input.files.length) return null;
    const hashes = fileMeta.get(input) || [];
    const list = Array.from(input.files).map((f, i) => ({
      name: f.name, type: f.type || 'application/octet-stream', size: f.size, sha256: (hashes[i] && hashes[i].sha256) || '',
    }));
    return el.mf > 1 ? list : list[0];
  }
  function read(el, p) {
    const t = el.t;
    if (t === 'group') return readEls(el.c, p + '.');
    if (t === 'repeat') return Array.from({ length: entryCount(p) }, (_, i) => readEls(el.c, p + '.' + i + '.'));
    if (t === 'info' || t === 'computed') return null;
    if (t === 'ranked_choice') return (ranked[p] || []).map((x) => ({ code: x.code, reasons: x.reasons.slice() }));
    if (t === 'file') return readFiles(p, el);
    if (t === 'date') return readDate(p);
    if (t === 'month') return readMonth(p);
    if (t === 'boolean') { const v = checked(p)[0]; return v === undefined ? null : v === 'true'; }
    if (t === 'declaration') return checked(p).length ? true : null;
    if (t === 'multichoice') return checked(p);
    if (t === 'choice' && !el.sel) { const v = checked(p)[0]; return v === undefined ? null : v; }
    if (!(p in S.vals)) return null;
    if (t === 'integer') return parseNumber(valueOf(p), 0);
    if (t === 'decimal' || t === 'money') return parseAmount(valueOf(p), el.dec);
    if (t === 'iban') return valueOf(p).replace(/\s+/g, '').toUpperCase() || null; // as the schema wants it
    const v = (t === 'textarea' ? valueOf(p).replace(/\r\n/g, '\n') : valueOf(p).trim()).normalize('NFC');
    return BLANK.test(v) ? null : v;
  }
  function readEls(els, prefix) {
    const out = {};
    els.forEach((el) => {
      const v = read(el, prefix + el.id);
      if (!isEmpty(v) || (Array.isArray(v) && el.t === 'repeat')) out[el.id] = v;
    });
    return out;
  }
  function collect() {
    S = snapshot();
    return readEls(ALL, '');
  }
  // one reading and one evaluation context per state of the answers
  let gen = 0, ctxGen = -1, ctxCache = null;
  const touch = () => { gen++; };
  function current() {
    if (ctxGen !== gen) { ctxCache = new Ctx(collect()); ctxGen = gen; }
    return ctxCache;
  }

  // --- evaluation: the same rules as kitaforms.runtime (visibility, requirement, values) -------
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
  function isDate(s) {
    const m = typeof s === 'string' && /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  class Ctx {
    constructor(data) { this.data = data; this.vis = {}; this.steps = {}; }
    raw(name, idx) { return getPath(this.data, instancePath(name, idx)); }
    value(name, idx) {
      const el = byName[name];
      const open = el.reps.find((r) => idx[r] === undefined);
      if (open) {
        const entries = this.raw(open, idx);
        return Array.from({ length: Array.isArray(entries) ? entries.length : 0 }, (_, i) => this.value(name, withIndex(idx, open, i)));
      }
      if (!this.visible(name, idx)) return null;
      if (el.t === 'computed') return this.computed(el, idx);
      return typed(el, this.raw(name, idx));
    }
    computed(el, idx) { return this.ev(el.e, el.n, idx); }
    ev(ast, ctxName, idx, own) {
      return KitaExpr.evaluate(ast, { today: TODAY, lookup: (parts) => this.lookup(parts, ctxName, idx, own) });
    }
    lookup(parts, ctxName, idx, own) {
      if (parts.length === 1 && parts[0] === 'wert' && own !== undefined) return own;
      if (parts[0] === 'einstellungen' && parts.length === 2) return K.settings[parts[1]] === undefined ? null : K.settings[parts[1]];
      let prefix = ctxName ? byName[ctxName].scope : '';
      for (;;) {
        const cand = (prefix ? prefix + '.' : '') + parts.join('.');
        if (byName[cand] && byName[cand].t !== 'info' && byName[cand].t !== 'group') return this.value(cand, idx);
        if (!prefix) return null;
        prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('.')));
      }
    }
    stepVisible(i) {
      const s = K.steps[i];
      if (!(i in this.steps)) { this.steps[i] = true; this.steps[i] = !s.v || this.ev(s.v, null, {}) === true; }
      return this.steps[i];
    }
    visible(name, idx) {
      const el = byName[name], key = name + '|' + relevant(idx, el.reps);
      if (!(key in this.vis)) {
        this.vis[key] = false;
        this.vis[key] = this.stepVisible(el.step) && (!el.scope || this.visible(el.scope, idx)) &&
          (!el.v || this.ev(el.v, name, idx) === true);
      }
      return this.vis[key];
    }
    required(el, idx) { return el.ri ? this.ev(el.ri, el.n, idx) === true : !!el.r; }
  }

  // every element instance of some elements, repeats expanded by their entries on the page
  function instances(els, prefix, idx, label, cb) {
    els.forEach((el) => {
      const p = prefix + el.id;
      cb(el, p, idx, label);
      if (el.t === 'group') instances(el.c, p + '.', idx, label, cb);
      if (el.t === 'repeat') {
        for (let i = 0; i < entryCount(p); i++) {
          instances(el.c, p + '.' + i + '.', withIndex(idx, el.n, i), label + el.il + ' ' + (i + 1) + ': ', cb);
        }
      }
    });
  }

  // --- validation: kitaforms.runtime.fields, same codes and messages -------------------------
  const message = (code, el, p, vals) => fmt(K.msg[code], Object.assign({ label: labelOf(el, p) }, vals || {}));
  const count = (n, lo, hi) => (lo && n < lo[0] ? [['too_few_items', { limit: lo[1] }]] : hi && n > hi[0] ? [['too_many_items', { limit: hi[1] }]] : []);
  const fullMatch = (pat, v) => { try { return new RegExp('^(?:' + pat + ')$').test(v); } catch (e) { return true; } };
  function ibanOk(v) {
    const s = v.replace(/ /g, '').toUpperCase();
    if (!new RegExp(K.pat.iban).test(s) || (s.slice(0, 2) === 'DE' && s.length !== 22)) return false;
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
  function problems(el, raw, req) {
    if (el.t === 'info' || el.t === 'group' || el.t === 'computed') return [];
    if (isEmpty(raw) || (el.t === 'declaration' && raw === false)) {
      if (!req) return [];
      const choice = ['choice', 'multichoice', 'boolean', 'ranked_choice'].indexOf(el.t) >= 0;
      return [[el.t === 'declaration' ? 'required_declaration' : choice ? 'required_choice' : 'required']];
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
      if (!errs.length && el.t === 'ranked_choice' && !careFits(ctx, el, ix, raw)) errs.push(['invalid_choice']);
      errs.forEach((e) => found.push({ p, lab, text: message(e[0], el, p, e[1]) }));
      const own = typed(el, raw);
      if (errs.length || own === null || !el.val) return;
      el.val.forEach((v) => {
        if (ctx.ev(v[0], el.n, ix, own) !== true) found.push({ p, lab, text: v[1], warn: !!v[2] });
      });
    });
    return found;
  }

  // --- showing errors -------------------------------------------------------------------------
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
  function clearErrors(scope) {
    scope.querySelectorAll('.kf-error, .kf-warning').forEach((m) => {
      const box = m.closest('.kf-q');
      if (box) {
        box.classList.remove('kf-q--error');
        setDescribed(descHolder(box), m.id, false);
        controlsOf(box).forEach((c) => c.removeAttribute('aria-invalid'));
      }
      m.remove();
    });
  }
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
    const holder = $('kf-summary');
    holder.textContent = '';
    const list = errors.filter((e) => !e.warn);
    if (!list.length) return;
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
    setTitle(true);
    box.focus();
  }
  $('kf-summary').addEventListener('click', (ev) => {
    const a = ev.target.closest('a[href^="#f-"]');
    if (!a) return;
    ev.preventDefault();
    goToField(a.dataset.kfP || a.getAttribute('href').slice(3).replace(/-/g, '.'));
  });
  function goToField(p) {
    const el = byName[defName(p)];
    if (el && el.step !== cur) show(el.step, { keepSummary: true, noFocus: true });
    const box = qBox(p), target = ctl(p) || box;
    if (box) box.scrollIntoView();
    if (target) target.focus({ preventScroll: true });
  }

  // --- steps ----------------------------------------------------------------------------------
  const REVIEW = K.steps.length;
  let cur = 0;
  let fromReview = false;
  let warned = '';
  const sections = K.steps.map((s) => D.querySelector('[data-kf-step="' + s.id + '"]'));
  const review = $('kf-review');
  const nextBtn = $('kf-next'), backBtn = $('kf-back'), submitBtn = $('kf-submit');
  const intros = Array.from(D.querySelectorAll('[data-kf-intro]'));

  function visibleSteps(ctx) { return K.steps.map((s, i) => i).filter((i) => ctx.stepVisible(i)); }
  function setTitle(error) {
    const ctx = current();
    const vis = visibleSteps(ctx);
    const n = cur === REVIEW ? vis.length + 1 : vis.indexOf(cur) + 1;
    const progress = fmt(T.step, { num: n, total: vis.length + 1 });
    const bar = $('kf-progress');
    if (bar.textContent !== progress) bar.textContent = progress;
    const name = cur === REVIEW ? T.review : K.steps[cur].l;
    const title = (error ? T.errtitle + ' ' : '') + progress + ': ' + [name, K.title, K.kommune].filter(Boolean).join(' – ');
    if (D.title !== title) D.title = title;
  }
  function show(i, opts) {
    opts = opts || {};
    cur = i;
    sections.forEach((s, j) => setHidden(s, j !== i));
    setHidden(review, i !== REVIEW);
    if (!opts.keepSummary) $('kf-summary').textContent = '';
    const ctx = current();
    const vis = visibleSteps(ctx);
    setHidden(backBtn, i === vis[0]);
    setHidden(nextBtn, i === REVIEW);
    setHidden(submitBtn, i !== REVIEW);
    const label = fromReview ? T.toreview : T.next;
    if (nextBtn.textContent !== label) nextBtn.textContent = label;
    intros.forEach((n) => setHidden(n, i !== vis[0]));
    if (i === REVIEW) buildReview(ctx);
    setTitle(false);
    const id = i === REVIEW ? 'review' : K.steps[i].id;
    // the browser's back button: one history entry per step (written after the step is on screen)
    if (!opts.pop) setTimeout(() => history[opts.replace ? 'replaceState' : 'pushState']({ kf: id }, '', '#' + id), 0);
    if (!opts.noFocus) {
      window.scrollTo(0, 0);
      (i === REVIEW ? $('kf-review-title') : $('step-' + id + '-title')).focus({ preventScroll: true });
    }
    later(() => updateFee(current()));
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
    const ctx = current();
    const s = K.steps[cur];
    clearErrors(sections[cur]);
    const found = findErrors(ctx, s.els, '', {}, '');
    found.forEach(showError);
    if (found.some((e) => !e.warn)) { showSummary(found); return; }
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
  nextBtn.addEventListener('click', next);
  backBtn.addEventListener('click', () => { fromReview = false; show(step(-1)); });
  window.addEventListener('popstate', (ev) => {
    const id = ev.state && ev.state.kf;
    if (!id || !form.isConnected) return;
    const i = id === 'review' ? REVIEW : K.steps.findIndex((s) => s.id === id);
    if (i >= 0) show(i, { pop: true });
  });

  // --- "Angaben prüfen" -----------------------------------------------------------------------
  const dateText = (iso, opts) => {
    const m = iso.split('-');
    return new Intl.DateTimeFormat(LOC, Object.assign({ timeZone: 'UTC' }, opts)).format(new Date(Date.UTC(+m[0], +m[1] - 1, +(m[2] || 1))));
  };
  const money = (n) => new Intl.NumberFormat(LOC, { style: 'currency', currency: 'EUR' }).format(n);
  const label = (opts, code) => { const o = (opts || []).find((x) => x[0] === code); return o ? o[1] : code; };
  function pickName(el, code) {
    if (el.cat) { const f = (K.fac || []).find((x) => x[0] === code); return f ? f[1] : code; }
    return label(el.o, code);
  }
  function shown(el, v, p) {
    if (isEmpty(v)) return T.none;
    const t = el.t === 'computed' ? el.vt : el.t;
    if (t === 'date') return isDate(v) ? dateText(v, K.lang === 'de' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'long', year: 'numeric' }) : String(v);
    if (t === 'month') return typed(el, v) ? dateText(v, { month: 'long', year: 'numeric' }) : String(v);
    const n = typeof v === 'number' ? v : isAmount(el) ? amountOf(el, v) : null;
    if (t === 'money') return n !== null ? money(n) : String(v);
    if (t === 'integer' || t === 'decimal' || t === 'number') return n !== null ? new Intl.NumberFormat(LOC, { useGrouping: Math.abs(n) >= 10000 }).format(n) + (el.u ? ' ' + el.u : '') : String(v); // a year: 2026, as _answers.py
    if (t === 'boolean') return v === true ? T.yes : T.no;
    if (t === 'declaration') return v === true ? T.confirmed : T.notconfirmed;
    if (t === 'choice') return optionText(el, p, v);
    if (t === 'multichoice') return v.map((c) => optionText(el, p, c));
    if (t === 'ranked_choice') return v.map((x) => pickName(el, x.code) + (x.reasons.length ? ' (' + x.reasons.map((r) => label(el.rs, r)).join(', ') + ')' : ''));
    if (t === 'file') { const lines = (Array.isArray(v) ? v : [v]).map(fileLine); return lines.length > 1 ? lines : lines[0]; }
    return String(v);
  }
  function bytes(n) {
    const [unit, x] = n >= 1048576 ? ['megabyte', n / 1048576] : n >= 1024 ? ['kilobyte', n / 1024] : ['byte', n];
    try { return new Intl.NumberFormat(LOC, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(x); }
    catch (e) { return n + ' B'; }
  }
  // "name (size)"; a file the server stored also with its sha256 (kitaforms.render._answers)
  function fileLine(f) {
    const details = typeof f.size === 'number' ? [bytes(f.size)] : [];
    if (f.stored && f.sha256) details.push('SHA-256: ' + f.sha256);
    return f.name + (details.length ? ' (' + details.join('; ') + ')' : '');
  }
  function answers(ctx, withLinks) {
    const frag = D.createDocumentFragment();
    visibleSteps(ctx).forEach((i) => {
      const dl = make('dl', 'kf-answers');
      instances(K.steps[i].els, '', {}, '', (el, p, idx, lab) => {
        if (!ctx.visible(el.n, idx) || el.t === 'info' || el.t === 'group') return;
        if (el.t === 'repeat' && entryCount(p)) return;
        const v = el.t === 'computed' ? ctx.computed(el, idx) : el.t === 'repeat' ? null : ctx.raw(el.n, idx);
        const row = make('div', 'kf-answers__row');
        const value = make('dd', 'kf-answers__value');
        const text = shown(el, v, p);
        if (Array.isArray(text)) {
          const list = make(el.t === 'ranked_choice' && el.rk ? 'ol' : 'ul', 'kf-answers__list');
          text.forEach((x) => list.append(make('li', '', x)));
          value.append(list);
        } else value.textContent = text;
        row.append(make('dt', 'kf-answers__key', lab + labelOf(el, p)), value);
        if (withLinks && el.t !== 'computed') {
          const action = make('dd', 'kf-answers__action');
          const a = make('a', '', T.change);
          a.href = '#f-' + dash(p);
          a.dataset.kfP = p;
          a.append(make('span', 'kf-vh', ' ' + lab + labelOf(el, p)));
          action.append(a);
          row.append(action);
        }
        dl.append(row);
      });
      if (dl.children.length) frag.append(make('h3', 'kf-answers__title', K.steps[i].l), dl);
    });
    return frag;
  }
  function buildReview(ctx) {
    const body = $('kf-review-body');
    body.textContent = '';
    body.append(answers(ctx, true));
  }
  $('kf-review-body').addEventListener('click', (ev) => {
    const a = ev.target.closest('a[data-kf-p]');
    if (!a) return;
    ev.preventDefault();
    fromReview = true;
    goToField(a.dataset.kfP);
  });

  // --- submitting -----------------------------------------------------------------------------
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
    if (cur !== REVIEW) { next(); return; }
    const ctx = current();
    sections.forEach(clearErrors);
    const errors = allErrors(ctx);
    if (errors.length) { errors.forEach(showError); showSummary(errors); return; }
    send();
  });
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
  // the chosen files of the visible file fields: [instance path, File], in the order of the answers
  function chosenFiles(ctx) {
    const out = [];
    instances(ALL, '', {}, '', (el, p, idx) => {
      const input = el.t === 'file' && ctx.visible(el.n, idx) ? ctl(p) : null;
      if (input && input.files) Array.from(input.files).forEach((f) => out.push([p, f]));
    });
    return out;
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
    if (cur !== REVIEW && !stay) show(REVIEW, { noFocus: true });
    showSummary(errors.length ? errors : [{ p: '', text: T.sendfail }]);
  }
  function replaceMain(nodes, title) {
    const main = D.querySelector('main');
    main.replaceChildren(...nodes);
    if (title) D.title = title;
    history.replaceState(null, '', location.pathname);
    wirePrint();
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

  // --- repeats: add and remove entries --------------------------------------------------------
  const ATTRS = ['id', 'for', 'name', 'aria-describedby', 'aria-labelledby', 'href'];
  function eachNode(root, fn) {
    root.querySelectorAll('*').forEach((n) => {
      fn(n);
      if (n.content) eachNode(n.content, fn);
    });
  }
  function rewrite(root, fn) {
    const apply = (n) => ATTRS.forEach((a) => { const v = n.getAttribute(a); if (v !== null) n.setAttribute(a, fn(v, a)); });
    if (root.getAttribute) apply(root);
    eachNode(root, apply);
  }
  function renumber(entry, i) {
    entry.querySelectorAll(':scope > legend [data-kf-num], :scope > button [data-kf-num]').forEach((n) => { n.textContent = String(i + 1); });
  }
  function ownEntries(p) { const l = entryList(p); return l ? Array.from(l.children) : []; }
  function repeatButtons(el, p) {
    const box = qBox(p), n = entryCount(p);
    const min = el.mini ? el.mini[0] : 0, max = el.maxi ? el.maxi[0] : Infinity;
    setHidden(box.querySelector(':scope > [data-kf-add]'), n >= max);
    ownEntries(p).forEach((e) => setHidden(e.querySelector(':scope > [data-kf-remove]'), n <= min));
  }
  function addEntry(el, p, quiet) {
    const box = qBox(p), i = entryCount(p);
    const frag = box.querySelector(':scope > template').content.cloneNode(true);
    const mark = '__' + el.reps.length + '__';
    rewrite(frag, (v) => v.split(mark).join(String(i)));
    const entry = frag.firstElementChild;
    asButton(entry.querySelector(':scope > [data-kf-remove]'));
    renumber(entry, i);
    entryList(p).append(frag);
    touch();
    setupInside(el.c, p + '.' + i + '.');
    repeatButtons(el, p);
    if (!quiet) {
      say(fmt(T.entryadded, { label: el.il + ' ' + (i + 1) }));
      const first = entry.querySelector('input, select, textarea');
      if (first) first.focus();
    }
  }
  function removeEntry(el, p, i) {
    const entries = ownEntries(p);
    entries[i].remove();
    touch();
    for (let j = i + 1; j < entries.length; j++) {
      const from = p + '.' + j, to = p + '.' + (j - 1);
      const df = dash(from), dt = dash(to);
      rewrite(entries[j], (v, a) => (a === 'name' ? (v === from || v.indexOf(from + '.') === 0 ? to + v.slice(from.length) : v)
        : v.split(' ').map((tok) => {
          const m = /^(#?[fq]-)(.*)$/.exec(tok);
          return m && (m[2] === df || m[2].indexOf(df + '-') === 0) ? m[1] + dt + m[2].slice(df.length) : tok;
        }).join(' ')));
      renumber(entries[j], j - 1);
      Object.keys(ranked).forEach((k) => {
        if (k.indexOf(from + '.') === 0) { ranked[to + k.slice(from.length)] = ranked[k]; delete ranked[k]; }
      });
    }
    repeatButtons(el, p);
    say(fmt(T.entryremoved, { label: el.il + ' ' + (i + 1) }));
    ctl(p).focus();
    refresh();
  }
  function asButton(b) { // a submit button of the page without JS becomes a plain button
    ['name', 'value', 'formaction', 'formnovalidate'].forEach((a) => b.removeAttribute(a));
    b.type = 'button';
    return b;
  }
  function setupRepeat(el, p) {
    const min = el.mini ? el.mini[0] : 0;
    ownEntries(p).forEach((e) => { if (e.hasAttribute('data-kf-spare')) e.remove(); }); // slots for the page without JS
    // the add/remove buttons post the page without JS (the server answers with one entry more or less)
    ownEntries(p).forEach((e) => asButton(e.querySelector(':scope > [data-kf-remove]')));
    while (entryCount(p) < min) addEntry(el, p, true);
    const add = asButton(qBox(p).querySelector(':scope > [data-kf-add]'));
    add.hidden = false;
    repeatButtons(el, p);
  }
  function setupInside(els, prefix) {
    instances(els, prefix, {}, '', (el, p) => {
      if (el.t === 'repeat') setupRepeat(el, p);
      if (el.t === 'ranked_choice') wishes().setup(el, p);
    });
  }

  // --- ranked wishes: wishes.js (in the bundle of pages with a ranked choice) ----------------
  let wishList = null;
  function wishes() {
    if (!wishList) {
      wishList = window.KitaWishes({ K, T, ranked, qBox, make, dash, fmt, say, isDate, TODAY, byName, defName, touch, refresh, current });
    }
    return wishList;
  }

  // --- files ----------------------------------------------------------------------------------
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

  // --- save and resume as a file (nothing kept in the browser) ---------------------------------
  function save() {
    const state = { format: 'kitaforms-resume', form: K.form, version: K.version, step: cur === REVIEW ? 'review' : K.steps[cur].id, data: collect() };
    const url = URL.createObjectURL(new Blob([JSON.stringify(state, null, 1)], { type: 'application/json' }));
    const a = make('a');
    a.href = url;
    a.download = 'zwischenstand-' + K.form.replace(/\//g, '-') + '.json';
    D.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    say(T.saved);
  }
  function fillEls(els, node, prefix, missing) { els.forEach((el) => fill(el, node ? node[el.id] : undefined, prefix + el.id, missing)); }
  function setParts(p, keys, values) { keys.forEach((k, i) => { const e = i ? $('f-' + dash(p) + '--' + k) : ctl(p); if (e) e.value = values[i] || ''; }); }
  function fill(el, v, p, missing) {
    const t = el.t;
    if (t === 'group') return fillEls(el.c, v || {}, p + '.', missing);
    if (t === 'repeat') {
      const want = Array.isArray(v) ? v.length : 0;
      while (entryCount(p) > want && entryCount(p) > (el.mini ? el.mini[0] : 0)) ownEntries(p)[entryCount(p) - 1].remove();
      while (entryCount(p) < want) addEntry(el, p, true);
      repeatButtons(el, p);
      return (v || []).forEach((e, i) => fillEls(el.c, e, p + '.' + i + '.', missing));
    }
    if (t === 'ranked_choice') {
      ranked[p] = (Array.isArray(v) ? v : []).map((x) => ({ code: String(x.code), reasons: (x.reasons || []).map(String) }));
      return wishes().render(el, p);
    }
    if (t === 'file') { if (v) (Array.isArray(v) ? v : [v]).forEach((f) => missing.push(f.name)); return; }
    if (t === 'date') { const s = typeof v === 'string' ? v.split('-') : []; return setParts(p, ['day', 'month', 'year'], [s[2], s[1], s[0]]); }
    if (t === 'month') { const s = typeof v === 'string' ? v.split('-') : []; return setParts(p, ['month', 'year'], [s[1], s[0]]); }
    if (t === 'boolean' || t === 'multichoice' || (t === 'choice' && !el.sel)) {
      const want = (Array.isArray(v) ? v : [v]).map(String);
      return form.querySelectorAll('input[name="' + p + '"]').forEach((r) => { r.checked = v !== undefined && v !== null && want.indexOf(r.value) >= 0; });
    }
    if (t === 'declaration') { const c = ctl(p); if (c) c.checked = v === true; return; }
    const input = ctl(p);
    if (!input || t === 'info' || t === 'computed') return;
    const dotted = typeof v === 'number' || (isAmount(el) && amountOf(el, v) !== null);
    input.value = v === undefined || v === null ? '' : dotted && K.lang === 'de' ? String(v).replace('.', ',') : String(v);
  }
  function load(file) {
    const reader = new FileReader();
    reader.onload = () => {
      let state = null;
      try { state = JSON.parse(reader.result); } catch (e) { state = null; }
      if (!state || state.format !== 'kitaforms-resume' || state.form !== K.form || typeof state.data !== 'object') { say(T.loadfail); return; }
      const missing = [];
      fillEls(ALL, state.data, '', missing);
      touch();
      loadFees();
      refresh();
      const i = state.step === 'review' ? REVIEW : Math.max(0, K.steps.findIndex((s) => s.id === state.step));
      show(i);
      say([T.loaded].concat(missing.map((n) => fmt(T.refile, { name: n }))).join(' '));
    };
    reader.readAsText(file);
  }

  // --- the fee estimate (income form: K.fees names the evaluator and the Satzung) -------------
  // both load when the answers first change, so the first view stays light; the estimate is
  // computed when the browser is idle, so typing and step changes never wait for it
  let feeJob = 0, satzung = null, feesAsked = false;
  function later(fn) {
    if (!satzung || feeJob) return;
    const run = () => { feeJob = 0; fn(); };
    feeJob = window.requestIdleCallback ? requestIdleCallback(run, { timeout: 500 }) : setTimeout(run, 50);
  }
  function loadFees() {
    if (!K.fees || feesAsked) return;
    feesAsked = true;
    const script = make('script');
    const engine = new Promise((ok, fail) => { script.onload = ok; script.onerror = fail; });
    script.src = K.fees.js;
    D.head.append(script);
    const rules = fetch(K.fees.rules, { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : Promise.reject(r.status)));
    Promise.all([engine, rules]).then(([, data]) => {
      if (!window.KitaFees) return;
      satzung = data;
      later(() => updateFee(current()));
    }, () => { feesAsked = false; }); // offline for a moment: the next change tries again
  }
  let lastFee = '', feeGen = -1;
  function updateFee(ctx) {
    const box = $('kf-fee');
    if (!box || !satzung || feeGen === gen) return;
    feeGen = gen;
    let r = null;
    try { r = window.KitaFees.estimate(satzung, submission(ctx, ALL, ctx.data, '', {}), { today: TODAY, lang: K.lang }); } catch (e) { r = null; }
    const fee = r && [r.fee, r.monthly, r.amount].find((x) => typeof x === 'number');
    const body = $('kf-fee-body');
    body.textContent = '';
    box.hidden = false;
    if (fee === undefined || fee === null) { body.append(make('p', '', T.feenone)); return; }
    const text = fmt(T.feemonth, { amount: money(fee) });
    body.append(make('p', 'kf-fee__amount', text));
    const steps = (r.explanation || r.steps || []);
    if (steps.length) {
      const ol = make('ol');
      steps.forEach((s) => ol.append(make('li', '', typeof s === 'string' ? s : [s.text, s.paragraph].filter(Boolean).join(' – '))));
      body.append(ol);
    }
    if (text !== lastFee && lastFee) say(T.feetitle + ': ' + text);
    lastFee = text;
  }

  // --- live updates: conditional reveal, computed values, "(optional)" marks -----------------
  let pending = 0;
  let dirty = false;
  function refresh() {
    pending = 0;
    const ctx = current();
    instances(ALL, '', {}, '', (el, p, idx) => {
      const box = qBox(p);
      if (!box) return;
      if (el.v) setHidden(box, !ctx.visible(el.n, idx));
      if (el.t === 'computed') {
        const out = ctl(p), text = shown(el, ctx.visible(el.n, idx) ? ctx.computed(el, idx) : null, p);
        if (out && out.textContent !== text) out.textContent = text;
      }
      if (el.ri) setHidden(box.querySelector('[data-kf-opt]'), ctx.required(el, idx));
    });
    setTitle(!!$('kf-summary').firstChild);
    later(() => updateFee(current()));
  }
  function schedule() {
    touch();
    dirty = true;
    if (!pending) pending = requestAnimationFrame(refresh);
  }
  form.addEventListener('input', (ev) => {
    loadFees();
    if (ev.target.dataset.kfSearch) { const p = ev.target.dataset.kfSearch; clearTimeout(ev.target.kfTimer); ev.target.kfTimer = setTimeout(() => wishes().results(byName[defName(p)], p, true), 300); return; }
    schedule();
  });
  form.addEventListener('change', (ev) => {
    loadFees();
    const t = ev.target;
    if (t.dataset.kfReason) {
      const pk = ranked[t.dataset.kfReason][+t.dataset.kfI];
      pk.reasons = pk.reasons.filter((r) => r !== t.value).concat(t.checked ? [t.value] : []);
    }
    if (t.type === 'file') fileChanged(t);
    touch();
    dirty = true;
    if (pending) cancelAnimationFrame(pending);
    refresh(); // a choice reveals its follow-up question at once
  });
  form.addEventListener('keydown', (ev) => {
    const p = ev.target.dataset && ev.target.dataset.kfSearch;
    if (p && ev.key === 'Enter') { ev.preventDefault(); wishes().results(byName[defName(p)], p, true); }
  });
  form.addEventListener('click', (ev) => {
    const b = ev.target.closest('button');
    if (!b) return;
    if (b.dataset.kfAct) wishes().action(b);
    else if (b.hasAttribute('data-kf-add')) { const p = b.closest('.kf-repeat').id.slice(2).replace(/-/g, '.'); addEntry(byName[defName(p)], p); schedule(); }
    else if (b.hasAttribute('data-kf-remove')) {
      const entry = b.closest('.kf-entry'), rep = entry.closest('.kf-repeat');
      const p = rep.id.slice(2).replace(/-/g, '.');
      removeEntry(byName[defName(p)], p, ownEntries(p).indexOf(entry));
    }
  });
  D.querySelectorAll('[data-kf-lang]').forEach((a) => a.addEventListener('click', (ev) => {
    if (dirty && !window.confirm(T.langwarn)) ev.preventDefault();
  }));

  // --- start ----------------------------------------------------------------------------------
  form.noValidate = true;
  setupInside(ALL, '');
  nextBtn.hidden = false;
  $('kf-progress').hidden = false;
  $('kf-resume').hidden = false;
  $('kf-save').addEventListener('click', save);
  $('kf-load').addEventListener('change', (ev) => { if (ev.target.files[0]) load(ev.target.files[0]); ev.target.value = ''; });
  refresh();
  const given = K.errors || [];
  if (given.length) {
    const first = byName[defName(given[0].path)];
    show(first ? first.step : 0, { replace: true, noFocus: true, keepSummary: true });
    serverErrors(given, true);
  } else {
    show(0, { replace: true, noFocus: true });
  }
})();
