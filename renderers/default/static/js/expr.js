/* kitaforms expression runtime: interprets the JSON AST written by kitaforms.expr.to_json.
   Same semantics as src/kitaforms/expr/_eval.py (tests/expr/vectors.json runs against both).
   No eval, no Function: safe under a strict Content-Security-Policy.
   Values: numbers, strings (dates are "YYYY-MM-DD" strings), booleans, null, arrays, objects.
   Usage: KitaExpr.evaluate(ast, {data: {...}, today: "2025-08-01"}) or with env.lookup(parts). */
(function (root) {
  'use strict';

  // Arithmetic on binary floats leaves noise (0.1 + 0.2); 15 significant digits remove it.
  const num = (x) => (typeof x === 'number' && isFinite(x) ? +x.toPrecision(15) : null);
  const isNum = (x) => typeof x === 'number' && isFinite(x);
  const isStr = (x) => typeof x === 'string';

  // --- dates: validated "YYYY-MM-DD" strings ----------------------------------------------
  function ymd(s) {
    const m = isStr(s) && /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return null;
    const y = +m[1], mo = +m[2], d = +m[3];
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
    return y >= 1 && days && d >= 1 && d <= days ? [y, mo, d] : null;
  }
  const isoDate = (s) => (ymd(s) ? s : null);
  const pad = (n, w) => String(n).padStart(w, '0');
  const fmt = (d) => pad(d.getFullYear(), 4) + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2);

  function months(a, b) {
    if (b < a) return -months(b, a);
    const x = ymd(a), y = ymd(b);
    return (y[0] - x[0]) * 12 + y[1] - x[1] - (y[2] < x[2] ? 1 : 0);
  }
  function years(birth, day) {
    const m = months(birth, day);
    return m < 0 ? -Math.floor(-m / 12) : Math.floor(m / 12);
  }

  // --- values -------------------------------------------------------------------------------
  function kind(v) {
    if (v === null) return 'null';
    return Array.isArray(v) ? 'list' : typeof v;
  }
  function eq(a, b) {
    const k = kind(a);
    if (k !== kind(b)) return false;
    if (k === 'list') return a.length === b.length && a.every((x, i) => eq(x, b[i]));
    if (k === 'object') return JSON.stringify(a) === JSON.stringify(b);
    return a === b;
  }
  const ordered = (cmp) => (a, b) =>
    (isNum(a) && isNum(b)) || (isStr(a) && isStr(b)) ? cmp(a, b) : false;
  function contains(item, list) {
    if (Array.isArray(list)) return list.some((x) => x !== null && eq(item, x));
    return isStr(item) && isStr(list) && list.indexOf(item) >= 0;
  }
  const arith = (f) => (a, b) => (isNum(a) && isNum(b) ? num(f(a, b)) : null);
  const present = (v) => (v === null ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== null);

  const ARITH = {
    '+': arith((a, b) => a + b),
    '-': arith((a, b) => a - b),
    '*': arith((a, b) => a * b),
    '/': arith((a, b) => a / b),
  };
  const OPS = Object.assign({
    '==': eq,
    '!=': (a, b) => !eq(a, b),
    '<': ordered((a, b) => a < b),
    '<=': ordered((a, b) => a <= b),
    '>': ordered((a, b) => a > b),
    '>=': ordered((a, b) => a >= b),
    'in': contains,
    'not in': (a, b) => !contains(a, b),
  }, ARITH);

  // --- functions: [parameter kinds, strict, implementation] ---------------------------------
  // Kinds: n number, d date, s string, * any. A strict function gives null for a null argument.
  // Every implementation receives today's date after its own arguments.
  function extreme(pick) {
    return (v) => {
      const xs = present(v);
      const same = xs.every(isNum) || xs.every(isStr);
      return xs.length && same ? xs.reduce((a, b) => (pick(b, a) ? b : a)) : null;
    };
  }
  function shift(x, k) {
    const p = String(x).split('e');
    return Number(p[0] + 'e' + (Number(p[1] || 0) + k));
  }
  function round(x, n) {
    if (n !== Math.floor(n) || n < 0 || n > 10) return null;
    return num(Math.sign(x) * shift(Math.round(shift(Math.abs(x), n)), -n));
  }
  const F = {
    heute: ['', 1, (today) => today],
    datum: ['s', 1, isoDate],
    alter_am: ['dd', 1, years],
    alter: ['d', 1, years],
    monate_zwischen: ['dd', 1, months],
    jahr: ['d', 1, (d) => ymd(d)[0]],
    monat: ['d', 1, (d) => ymd(d)[1]],
    tag: ['d', 1, (d) => ymd(d)[2]],
    anzahl: ['*', 0, (v) => present(v).length],
    summe: ['*', 0, (v) => present(v).filter(isNum).reduce((s, x) => num(s + x), 0)],
    minimum: ['*', 0, extreme((a, b) => a < b)],
    maximum: ['*', 0, extreme((a, b) => a > b)],
    ausgefuellt: ['*', 0, (v) => v !== null && v !== '' && !(Array.isArray(v) && !v.length)],
    laenge: ['s', 0, (s) => Array.from(s || '').length],
    wenn: ['***', 0, (c, a, b) => (c === true ? a : b)],
    runden: ['nn', 1, round],
  };
  const COERCE = { n: (x) => (isNum(x) ? x : null), d: isoDate, s: (x) => (isStr(x) ? x : null) };

  // --- the interpreter ----------------------------------------------------------------------
  function walk(v, path, i) {
    for (; i < path.length; i++) {
      if (Array.isArray(v)) return [].concat(...v.map((x) => walk(x, path, i)));
      const own = v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, path[i]);
      v = own ? v[path[i]] : null;
    }
    return v === undefined ? null : v;
  }
  function lookup(env, path) {
    const v = typeof env.lookup === 'function' ? env.lookup(path) : walk(env.data || {}, path, 0);
    return v === undefined ? null : v;
  }
  function today(env) {
    return isStr(env.today) ? env.today : fmt(env.today || new Date());
  }

  function op(n, env) {
    const o = n.op, a = n.a;
    if (o === 'and') return ev(a[0], env) === true && ev(a[1], env) === true;
    if (o === 'or') return ev(a[0], env) === true || ev(a[1], env) === true;
    const x = ev(a[0], env);
    if (o === 'not') return x !== true;
    if (o === 'neg') return isNum(x) ? num(-x) : null;
    const y = ev(a[1], env);
    if ((o === '==' || o === '!=') && (a[0].t === 'null' || a[1].t === 'null')) {
      return (x === null && y === null) === (o === '==');
    }
    if (x === null || y === null) return ARITH[o] ? null : false;
    return OPS[o] ? OPS[o](x, y) : null;
  }

  function call(n, env) {
    const f = Object.prototype.hasOwnProperty.call(F, n.f) ? F[n.f] : null;
    if (!f || f[0].length !== n.a.length) return null;
    const args = n.a.map((x, i) => {
      const v = ev(x, env), c = COERCE[f[0][i]];
      return c ? c(v) : v;
    });
    if (f[1] && args.indexOf(null) >= 0) return null;
    const v = f[2].apply(null, args.concat([today(env)]));
    return v === undefined ? null : v;
  }

  function ev(n, env) {
    switch (n.t) {
      case 'num': return Number(n.v);
      case 'str': case 'date': case 'bool': return n.v;
      case 'ref': return lookup(env, n.p);
      case 'op': return op(n, env);
      case 'call': return call(n, env);
      default: return null;
    }
  }

  const api = { evaluate: (ast, env) => ev(ast, env || {}), functions: Object.keys(F) };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (root) root.KitaExpr = api;
})(typeof window !== 'undefined' ? window : null);
