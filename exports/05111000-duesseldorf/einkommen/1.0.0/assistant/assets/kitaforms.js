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

/* kitaforms fee evaluator: computes the Elternbeitrag from the rules compiled by kitaforms.satzung.compiled.
   Same steps and results as src/kitaforms/satzung/engine.py (tests/satzung run both on random households).
   Exact: fees in integer cents, incomes in micro-euros (1e-6 EUR), percentages in hundredths; no binary
   fractions touch money. ES2017, no dependencies, no eval: safe under a strict Content-Security-Policy.
   Usage: KitaFees.assess(rules, household, "2025-09-01", {explain: true, lang: "de"})
          → {total: "301.50", children: [...], explanation: [...]} or {error: {code, kind, message}}. */
(function (root) {
  'use strict';

  // --- exact decimals -----------------------------------------------------------------------------
  function fail(kind, code, message, paragraph) {
    const e = new Error(message);
    e.fee = { code: code, kind: kind, message: message, paragraph: paragraph === undefined ? null : paragraph };
    return e;
  }
  const inputError = (code, message) => fail('input', code, message);
  const notDetermined = (code, message, paragraph) => fail('not_determined', code, message, paragraph);

  // "123.4" → 12340 with places = 2; throws for more decimals than places. Rule values repeat: memoised.
  const parsed = new Map();
  function scaled(text, places, code) {
    const memo = places + ':' + text;
    if (parsed.has(memo)) return parsed.get(memo);
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text));
    const frac = m ? (m[3] || '').replace(/0+$/, '') : '';
    if (!m || frac.length > places) throw inputError(code || 'bad_amount', 'not a decimal with at most ' + places + ' places: ' + text);
    const value = Number(m[2] + frac.padEnd(places, '0')) * (m[1] ? -1 : 1);
    if (parsed.size > 50000) parsed.clear();
    parsed.set(memo, value);
    return value;
  }
  const cents = (s) => scaled(s, 2);
  const micro = (s) => scaled(s, 2) * 10000;
  const hundredths = (s) => scaled(s, 2, 'bad_number');
  const idiv = (a, b) => (a - (a % b)) / b; // a >= 0, b > 0, both exact integers

  function fixed(n, places) { // integer n with `places` implied decimals → "12.34" / "-0.05"
    const sign = n < 0 ? '-' : '';
    const s = String(Math.abs(n)).padStart(places + 1, '0');
    return sign + s.slice(0, s.length - places) + '.' + s.slice(s.length - places);
  }
  const amountC = (c) => fixed(c, 2);
  const amountU = (u) => amountC((u < 0 ? -1 : 1) * idiv(Math.abs(u) + 5000, 10000)); // micro → cents, half up
  function plainH(h) { // hundredths → "10", "1.5"
    const s = fixed(h, 2).replace(/0+$/, '');
    return s.endsWith('.') ? s.slice(0, -1) : s;
  }
  const UNITS = { '0.01': 1, '0.05': 5, '0.10': 10, '0.50': 50, '1.00': 100 };
  function roundC(n, d, rounding) { // exact value n / d cents (n >= 0) → cents rounded to the unit
    const u = UNITS[rounding.unit], du = d * u;
    if (rounding.mode === 'down') return idiv(n, du) * u;
    if (rounding.mode === 'up') return idiv(n + du - 1, du) * u;
    return idiv(2 * n + du, 2 * du) * u;
  }

  // --- dates: "YYYY-MM-DD" ------------------------------------------------------------------------
  function ymd(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s));
    if (!m) throw inputError('bad_date', 'not a date YYYY-MM-DD: ' + s);
    return [+m[1], +m[2], +m[3]];
  }
  const leap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const monthDays = (y, m) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  const key = (d) => d[0] * 10000 + d[1] * 100 + d[2];
  const iso = (d) => String(d[0]).padStart(4, '0') + '-' + String(d[1]).padStart(2, '0') + '-' + String(d[2]).padStart(2, '0');
  const md = (y, s) => [y, +s.slice(0, 2), +s.slice(3)];
  function completion(birth, years) { // day before the birthday (§§ 187, 188 BGB)
    const y = birth[0] + years;
    let d = birth[1] === 2 && birth[2] === 29 && !leap(y) ? [y, 3, 1] : [y, birth[1], birth[2]];
    if (d[2] > 1) return [d[0], d[1], d[2] - 1];
    d = d[1] === 1 ? [d[0] - 1, 12, 31] : [d[0], d[1] - 1, 0];
    return [d[0], d[1], monthDays(d[0], d[1])];
  }
  function ageYears(b, on, sw) {
    let n;
    if (sw === 'on_birthday') n = on[0] - b[0] - (on[1] * 100 + on[2] < b[1] * 100 + b[2] ? 1 : 0);
    else if (sw === 'birthday_month') n = on[0] - b[0] - (on[1] < b[1] ? 1 : 0);
    else n = on[0] - b[0] - (on[1] <= b[1] ? 1 : 0);
    return Math.max(n, 0);
  }
  function rises(first, on) {
    if (key(on) < key(first)) return 0;
    return on[0] - first[0] + 1 - (on[1] * 100 + on[2] < first[1] * 100 + first[2] ? 1 : 0);
  }

  // --- explanation --------------------------------------------------------------------------------
  function Trace(enabled) { this.enabled = enabled; this.steps = []; }
  Trace.prototype.add = function (code, paragraph, child, params) {
    if (!this.enabled) return;
    const p = {};
    Object.keys(params || {}).forEach((k) => { p[k] = params[k] === null || params[k] === undefined ? '' : String(params[k]); });
    if (child !== null) p.child = String(child);
    this.steps.push({ code: code, paragraph: paragraph === undefined ? null : paragraph, child: child, params: p });
  };

  function money(value, lang, withCents) {
    const c = Math.round(cents(value || '0'));
    const sign = c < 0 ? '-' : '';
    const s = fixed(Math.abs(c), 2), whole = s.slice(0, -3), part = s.slice(-2);
    const groups = whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'de' ? '.' : ',');
    const frac = !withCents && part === '00' ? '' : (lang === 'de' ? ',' : '.') + part;
    return lang === 'de' ? sign + groups + frac + ' €' : sign + '€' + groups + frac;
  }
  const PHRASE = {
    range: (p) => (!p.low ? (p.boundaries === 'lower_inclusive' ? 'below' : 'up_to')
      : !p.high ? (p.boundaries !== 'upper_inclusive' ? 'from' : 'over')
        : ({ lower_inclusive: 'from_below', whole_euros: 'whole' })[p.boundaries] || 'between'),
    column: (p) => (p.bound ? 'hours_up_to' : 'hours_over'),
    validity: (p) => (p.from && p.until ? 'valid_range' : p.from ? 'valid_from' : p.until ? 'valid_until' : 'valid_any'),
  };
  function fill(rules, template, params, lang) {
    const words = (rules.words || {})[lang] || (rules.words || {}).de || {};
    const word = (w) => (Object.prototype.hasOwnProperty.call(words, w) ? words[w] : w);
    return template.replace(/\{(\w+)(?::(\w+))?\}/g, (all, name, kind) => {
      const v = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : '';
      if (kind === 'money') return money(v, lang, true);
      if (kind === 'euros') return money(v, lang, false);
      if (kind === 'date') return lang === 'de' && v ? v.slice(8, 10) + '.' + v.slice(5, 7) + '.' + v.slice(0, 4) : v;
      if (kind === 'word') return word(v);
      if (PHRASE[kind]) return fill(rules, word(PHRASE[kind](params)), params, lang);
      return v;
    });
  }
  function render(rules, step, lang) {
    const all = rules.messages || {};
    const templates = all[lang] || all.de || {};
    return templates[step.code] ? fill(rules, templates[step.code], step.params, lang) : step.code;
  }

  // --- income -------------------------------------------------------------------------------------
  function determineIncome(R, hh, t) {
    const inc = R.income;
    if (hh.provisional && inc && inc.settlement) t.add('provisional', inc.settlement.paragraph, null, { settled_by: inc.settlement.settled_by });
    if (hh.statement === false) {
      if (!inc || !inc.no_statement) throw notDetermined('no_statement_rule', 'the Satzung file does not say what applies without an income statement');
      t.add('no_statement', inc.no_statement.paragraph, null, {});
      return null;
    }
    if (hh.declared_income !== null && hh.declared_income !== undefined) {
      const u = micro(hh.declared_income);
      t.add('income_declared', inc ? inc.paragraph : null, null, { amount: amountU(u) });
      return u;
    }
    if (!inc) {
      if ((hh.incomes || []).length) throw notDetermined('income_rules_missing', 'the Satzung file has no income rules');
      t.add('income_total', null, null, { amount: amountU(0) });
      return 0;
    }
    const counted = (hh.incomes || []).map((item) => [item, countedAmount(R, item, t)]);
    let total = counted.reduce((s, c) => s + c[1], 0);
    total += beamte(R, hh, counted, t);
    total -= childDeduction(R, hh, t);
    total = Math.max(total, 0);
    t.add('income_total', inc.paragraph, null, { amount: amountU(total) });
    return total;
  }
  function countedAmount(R, item, t) {
    const inc = R.income, value = itemAmount(R, item, t);
    if (inc.not_counted.indexOf(item.kind) >= 0) { t.add('income_not_counted', inc.paragraph, null, { kind: item.kind, amount: amountU(value) }); return 0; }
    if (inc.counted.indexOf(item.kind) < 0) throw notDetermined('income_kind_unknown', 'the Satzung file does not say whether `' + item.kind + '` counts as income', inc.paragraph);
    if (value < 0 && !inc.loss_offset) { t.add('income_loss', inc.paragraph, null, { kind: item.kind, amount: amountU(-value) }); return 0; }
    t.add('income_item', inc.paragraph, null, { kind: item.kind, amount: amountU(value) });
    return value;
  }
  function itemAmount(R, item, t) {
    const inc = R.income, months = item.months === undefined ? 12 : item.months;
    if (item.kind === 'elterngeld' && inc.elterngeld_allowance) return elterngeld(inc.elterngeld_allowance, item, months, t);
    if (item.annual !== null && item.annual !== undefined) return micro(item.annual);
    const monthly = micro(item.monthly), value = monthly * months;
    if (item.kind !== 'nichtselbstaendig') return value;
    if (item.special_payments !== null && item.special_payments !== undefined) return value + micro(item.special_payments);
    const sp = inc.special_payments;
    if (sp && sp.assume_thirteenth_salary) { t.add('thirteenth_salary', sp.paragraph, null, { kind: item.kind, amount: amountU(monthly) }); return value + monthly; }
    return value;
  }
  function elterngeld(rule, item, months, t) {
    const free = micro(item.elterngeld_plus ? rule.plus_monthly : rule.basis_monthly);
    const value = item.monthly !== null && item.monthly !== undefined
      ? Math.max(micro(item.monthly) - free, 0) * months : Math.max(micro(item.annual) - free * months, 0);
    t.add('elterngeld_allowance', rule.paragraph, null, { allowance: amountU(free), amount: amountU(value) });
    return value;
  }
  function beamte(R, hh, counted, t) {
    const rule = R.income.beamte_addition;
    if (!rule) return 0;
    let total = 0;
    (hh.custodians || [{}]).forEach((c, n) => {
      if (!c.beamter) return;
      const base = counted.filter((x) => (x[0].custodian || 0) === n && rule.of.indexOf(x[0].kind) >= 0).reduce((s, x) => s + x[1], 0);
      const add = (base / 10000) * hundredths(rule.percent); // base is whole cents: exact
      t.add('beamte_addition', rule.paragraph, null, { percent: plainH(hundredths(rule.percent)), base: amountU(base), amount: amountU(add) });
      total += add;
    });
    return total;
  }
  function childDeduction(R, hh, t) {
    const rule = R.income.child_deduction;
    if (!rule) return 0;
    const count = Math.max((hh.children_in_household || hh.children.length) - rule.from_child + 1, 0);
    const sum = micro(rule.amount) * count;
    if (count) t.add('child_deduction', rule.paragraph, null, { count: count, from_child: rule.from_child, amount: amountU(sum) });
    return sum;
  }

  // --- one child ----------------------------------------------------------------------------------
  const table = (R, care, purpose) => R.tables.filter((x) => x.care_type === care && x.purpose === purpose)[0] || null;
  const result = (n, c, group, fee, meal, free, bracket, column) => ({ number: n, care_type: c.care_type, age_group: group, single_fee: fee, fee: fee, meal_money: meal, free: free, bracket: bracket, column: column });

  function single(R, hh, c, n, income, on, t) {
    const birth = ymd(c.birth_date);
    if (key(birth) > key(on)) throw inputError('born_after_date', 'child ' + n + ' is born after the reference date');
    if (c.start && on[0] * 12 + on[1] < ymd(c.start)[0] * 12 + ymd(c.start)[1]) {
      t.add('not_in_care', null, n, { start: c.start });
      return result(n, c, null, 0, 0, 'not_in_care', null, null);
    }
    const meal = mealMoney(R, c, birth, n, income, on, t);
    const k = R.fee_free.kibiz_50;
    if (k && k.care_types.indexOf(c.care_type) >= 0 && kibiz50(k, birth, n, on, t)) return result(n, c, null, 0, meal, 'kibiz_50', null, null);
    const fee = table(R, c.care_type, 'fee');
    const needed = (fee && fee.groups) || R.fee_free.age_groups.some((r) => r.care_types.indexOf(c.care_type) >= 0);
    const group = needed ? ageGroupOf(R, birth, n, on, t) : null;
    const reason = freeReason(R, hh, c, n, group, income, t);
    if (reason) return result(n, c, group, 0, meal, reason, null, null);
    if (!fee) throw notDetermined('no_table', 'the Satzung file has no fee table for `' + c.care_type + '`');
    const g = fee.groups ? group : null;
    const bracket = bracketOf(R, hh, fee, n, income, t);
    const column = columnOf(fee, c, n, t);
    let value = fee.per_hour ? hourly(R, fee, g, bracket, c, n, t) : cellFee(fee, g, column, bracket, n, t);
    value = indexed(R, fee, value, n, on, t);
    return result(n, c, g, value, meal, null, bracket, column);
  }
  function kibiz50(rule, birth, n, on, t) {
    if (rule.applies_from && key(on) < key(ymd(rule.applies_from))) return false;
    const done = completion(birth, rule.age_completed);
    const year = key(done) <= key(md(done[0], rule.completed_by)) ? done[0] : done[0] + 1;
    const from = md(year, rule.free_from);
    if (key(on) < key(from)) return false;
    t.add('kibiz_50', rule.paragraph, n, { age: rule.age_completed, by: iso(md(year, rule.completed_by)), free_from: iso(from) });
    return true;
  }
  function groupFor(R, years) {
    return R.age_groups.groups.filter((g) => years >= g.from_years && (g.below_years === null || years < g.below_years))[0];
  }
  function ageGroupOf(R, birth, n, on, t) {
    const s = R.age_groups;
    if (!s) throw notDetermined('no_age_groups', 'the Satzung file declares no age groups');
    let g;
    if (s.switch === 'unknown') {
      const young = groupFor(R, ageYears(birth, on, 'month_after_birthday'));
      if (young !== groupFor(R, ageYears(birth, on, 'birthday_month'))) {
        throw notDetermined('age_switch_unknown', 'child ' + n + ' moves into the next age group this month', s.paragraph);
      }
      g = young;
    } else g = groupFor(R, ageYears(birth, on, s.switch));
    t.add('age_group', s.paragraph, n, { label: g.label, on: iso(on) });
    return g.id;
  }
  function freeReason(R, hh, c, n, group, income, t) {
    const free = R.fee_free;
    const ag = free.age_groups.filter((r) => r.care_types.indexOf(c.care_type) >= 0 && r.age_group === group)[0];
    if (ag) {
      t.add('free_age_group', ag.paragraph, n, { label: R.age_groups.groups.filter((g) => g.id === group)[0].label });
      return 'age_group';
    }
    const hit = benefitHit(free.benefits, hh);
    if (hit && free.benefits.effect === 'free') { t.add('benefit_free', free.benefits.paragraph, n, { benefit: hit }); return 'benefit'; }
    const fi = free.income_up_to.filter((r) => r.care_types.indexOf(c.care_type) >= 0 && income !== null && income <= micro(r.up_to))[0];
    if (fi) { t.add('free_income', fi.paragraph, n, { limit: amountC(cents(fi.up_to)) }); return 'income'; }
    return null;
  }
  function benefitHit(rule, hh) {
    if (!rule) return null;
    const hits = (hh.benefits || []).filter((b) => rule.benefits.indexOf(b) >= 0).sort();
    return hits.length ? hits[0] : null;
  }
  function findBracket(tb, income) {
    let i = 0;
    const lower = tb.boundaries === 'lower_inclusive';
    while (i < tb.uppers.length && (lower ? micro(tb.uppers[i]) <= income : micro(tb.uppers[i]) < income)) i++;
    return i;
  }
  function bracketOf(R, hh, tb, n, income, t) {
    const b = R.fee_free.benefits, hit = benefitHit(b, hh);
    let index, code = 'bracket';
    if (hit && b.effect === 'lowest_bracket') { t.add('benefit_lowest', b.paragraph, n, { benefit: hit }); index = 0; }
    else if (income === null) { index = tb.brackets.length - 1; code = 'bracket_highest'; }
    else index = findBracket(tb, income);
    const br = tb.brackets[index];
    t.add(code, tb.paragraph, n, {
      stufe: br.stufe !== null ? br.stufe : index + 1, low: br.low !== null ? amountC(cents(br.low)) : '',
      high: br.high !== null ? amountC(cents(br.high)) : '', boundaries: tb.boundaries, range: '',
    });
    return index;
  }
  function columnOf(tb, c, n, t) {
    if (!tb.columns) return 0;
    if (c.hours === null || c.hours === undefined) throw inputError('hours_missing', 'child ' + n + ': the fee depends on the booked weekly hours');
    const h = hundredths(c.hours);
    const col = tb.columns.findIndex((b) => b === null || h <= hundredths(b));
    if (col < 0) throw inputError('hours_out_of_range', 'child ' + n + ': more hours than the table `' + tb.id + '` provides');
    if (!tb.per_hour) {
      const bound = tb.columns[col], prev = col ? tb.columns[col - 1] : null;
      t.add('column', tb.paragraph, n, { hours: plainH(h), column: '', bound: bound !== null ? plainH(hundredths(bound)) : '', previous: prev !== null ? plainH(hundredths(prev)) : '' });
    }
    return col;
  }
  function cellFee(tb, g, column, bracket, n, t) {
    const v = tb.cells[g || ''][column][bracket];
    if (v === null) throw notDetermined('unknown_cell', 'child ' + n + ': the Satzung file does not give this fee', tb.paragraph);
    t.add('table_fee', tb.paragraph, n, { amount: amountC(cents(v)) });
    return cents(v);
  }
  function hourly(R, tb, g, bracket, c, n, t) {
    const h = hundredths(c.hours), parts = [];
    let weekly = 0, lower = 0; // weekly: cents × hundredths of hours
    for (let band = 0; band < tb.columns.length; band++) {
      const bound = tb.columns[band] === null ? h : hundredths(tb.columns[band]);
      const hours = Math.min(h, bound) - lower;
      if (hours <= 0) break;
      const rate = tb.cells[g || ''][band][bracket];
      if (rate === null) throw notDetermined('unknown_cell', 'child ' + n + ': the Satzung file does not give the hourly rate', tb.paragraph);
      weekly += cents(rate) * hours;
      parts.push(plainH(hours) + ' × ' + amountC(cents(rate)));
      lower = bound;
    }
    if (!tb.factor) throw notDetermined('monthly_factor_unknown', 'the Satzung file does not say how the hourly rates of `' + tb.id + '` become a monthly fee', tb.paragraph);
    const fee = roundC(weekly * tb.factor[0], tb.factor[1] * 100, R.rounding);
    t.add('hourly_fee', tb.paragraph, n, {
      detail: parts.join(' + '), weekly: amountC(idiv(weekly + 50, 100)),
      factor: tb.factor[1] !== 1 ? tb.factor[0] + '/' + tb.factor[1] : String(tb.factor[0]), amount: amountC(fee),
    });
    return fee;
  }
  function indexed(R, tb, fee, n, on, t) {
    R.indexation.forEach((rule) => {
      if (rule.care_types && rule.care_types.indexOf(tb.care_type) < 0) return;
      if (rule.type === 'scale') {
        const steps = rule.steps.filter((s) => key(ymd(s.from)) <= key(on));
        if (!steps.length) return;
        const s = steps[steps.length - 1];
        fee = roundC(fee * hundredths(s.percent), 10000, R.rounding);
        t.add('scale', rule.paragraph, n, { percent: plainH(hundredths(s.percent)), amount: amountC(fee), from: s.from });
      } else {
        const until = rule.last && key(ymd(rule.last)) < key(on) ? ymd(rule.last) : on;
        const years = rises(ymd(rule.first), until);
        for (let i = 0; i < years; i++) fee = roundC(fee * (10000 + hundredths(rule.percent)), 10000, R.rounding);
        if (years) t.add('yearly_percent', rule.paragraph, n, { percent: plainH(hundredths(rule.percent)), years: years, first: rule.first, amount: amountC(fee) });
      }
    });
    return fee;
  }
  function mealMoney(R, c, birth, n, income, on, t) {
    const tb = table(R, c.care_type, 'meal_money');
    if (!tb || !c.meals) return 0;
    const g = tb.groups ? ageGroupOf(R, birth, n, on, new Trace(false)) : null;
    const bracket = income === null ? tb.brackets.length - 1 : findBracket(tb, income);
    let column = 0;
    if (tb.columns) {
      const h = hundredths(c.hours === null || c.hours === undefined ? '0' : c.hours);
      column = Math.max(tb.columns.findIndex((b) => b === null || h <= hundredths(b)), 0);
    }
    const v = tb.cells[g || ''][column][bracket];
    if (v === null) throw notDetermined('unknown_cell', 'child ' + n + ': the Satzung file does not give the meal money', tb.paragraph);
    t.add('meal_money', tb.paragraph, n, { amount: amountC(cents(v)) });
    return cents(v);
  }

  // --- family -------------------------------------------------------------------------------------
  function siblings(R, singles, t) {
    const rule = R.siblings, fees = singles.map((s) => s.fee);
    if (!rule) {
      if (fees.filter((f) => f > 0).length > 1) throw notDetermined('sibling_rule_unknown', 'more than one child would pay, and the Satzung file does not state the sibling rule');
      return fees;
    }
    const countsFree = (s) => rule.free_child_counts && s.free === 'kibiz_50';
    const rank = (s) => (Object.prototype.hasOwnProperty.call(rule.care_type_rank, s.care_type) ? rule.care_type_rank[s.care_type] : 1);
    const members = singles.filter((s) => rule.care_types.indexOf(s.care_type) >= 0 && (s.fee > 0 || countsFree(s)));
    if (members.length < 2) return fees;
    members.sort((a, b) => rank(a) - rank(b) || (countsFree(a) ? 0 : 1) - (countsFree(b) ? 0 : 1) || b.fee - a.fee || a.number - b.number);
    members.forEach((s, i) => { fees[s.number - 1] = siblingFee(R, rule, s, i + 1, countsFree(s), t); });
    return fees;
  }
  function siblingFee(R, rule, s, position, countsFree, t) {
    if (countsFree) { t.add('sibling_free_counts', rule.paragraph, s.number, {}); return 0; }
    let share = hundredths(rule.shares[Math.min(position, rule.shares.length) - 1]);
    if (rule.max_paying_children !== null && position > rule.max_paying_children) share = 0;
    if (share === 0) { t.add('sibling_not_paying', rule.paragraph, s.number, { position: position }); return 0; }
    let fee = share === 10000 ? s.fee : roundC(s.fee * share, 10000, R.rounding);
    if (position > 1 && rule.cap !== null && fee > cents(rule.cap)) {
      t.add('sibling_cap', rule.paragraph, s.number, { cap: amountC(cents(rule.cap)) });
      fee = cents(rule.cap);
    }
    t.add('sibling_share', rule.paragraph, s.number, { position: position, share: plainH(share), amount: amountC(fee) });
    return fee;
  }
  function alternating(R, hh, fees, t) {
    if (!hh.alternating) return fees;
    const rule = R.alternating_residence;
    if (!rule) throw notDetermined('alternating_rule_unknown', 'the Satzung file does not say how the fee is set under the Wechselmodell');
    if (rule.mode === 'combined') { t.add('alternating_combined', rule.paragraph, null, {}); return fees; }
    const halves = fees.map((f) => roundC(f, 2, R.rounding));
    halves.forEach((h, i) => t.add('alternating_half', rule.paragraph, i + 1, { amount: amountC(h) }));
    return halves;
  }

  // --- input checks (same codes as kitaforms.satzung.household.check_household) --------------------
  const CARE = ['kita', 'tagespflege', 'ogs', 'hort'];
  const KINDS = ['nichtselbstaendig', 'selbstaendig', 'gewerbe', 'land_forst', 'kapital', 'vermietung', 'sonstige', 'unterhalt', 'lohnersatz', 'elterngeld', 'kindergeld', 'steuerfrei'];
  const BENEFITS = ['buergergeld', 'sozialhilfe', 'asylblg', 'wohngeld', 'kinderzuschlag', 'stadtpass'];
  function checkAmount(v, negative) {
    const c = cents(v);
    if (Math.abs(c) > 1e10) throw inputError('bad_amount', 'amount too large: ' + v);
    if (c < 0 && !negative) throw inputError('bad_amount', 'the amount must not be negative: ' + v);
  }
  function checkHousehold(hh) {
    if (!hh.children || !hh.children.length) throw inputError('no_children', 'the household has no child in care');
    hh.children.forEach((c) => {
      if (CARE.indexOf(c.care_type) < 0) throw inputError('unknown_care_type', 'unknown care type ' + c.care_type);
      if (c.hours !== null && c.hours !== undefined) {
        const h = scaled(c.hours, 2, 'bad_hours');
        if (h <= 0 || h > 16800) throw inputError('bad_hours', 'weekly hours must be above 0 and at most 168');
      }
    });
    const custodians = (hh.custodians || [{}]).length;
    (hh.incomes || []).forEach((i) => {
      if (KINDS.indexOf(i.kind) < 0) throw inputError('unknown_income_kind', 'unknown income kind ' + i.kind);
      const hasAnnual = i.annual !== null && i.annual !== undefined, hasMonthly = i.monthly !== null && i.monthly !== undefined;
      if (hasAnnual === hasMonthly) throw inputError('bad_income_item', 'give either a yearly or a monthly amount');
      const months = i.months === undefined ? 12 : i.months;
      if (!(months >= 1 && months <= 12)) throw inputError('bad_income_item', 'months must be 1 to 12');
      if (!((i.custodian || 0) >= 0 && (i.custodian || 0) < custodians)) throw inputError('bad_income_item', 'no such custodian');
      [i.annual, i.monthly, i.special_payments].forEach((v) => { if (v !== null && v !== undefined) checkAmount(v, i.kind !== 'elterngeld'); });
    });
    if (hh.declared_income !== null && hh.declared_income !== undefined) checkAmount(hh.declared_income, false);
    (hh.benefits || []).forEach((b) => { if (BENEFITS.indexOf(b) < 0) throw inputError('unknown_benefit', 'unknown benefit ' + b); });
  }

  // --- entry points -------------------------------------------------------------------------------
  function covers(R, on) {
    return (!R.valid_from || key(ymd(R.valid_from)) <= key(on)) && (!R.valid_until || key(on) <= key(ymd(R.valid_until)));
  }
  function assess(R, hh, onText, options) {
    const opts = options || {}, lang = opts.lang || 'de', t = new Trace(opts.explain !== false);
    try {
      const on = ymd(onText);
      checkHousehold(hh);
      if (!covers(R, on)) throw inputError('outside_validity', R.key + ' is not valid on ' + onText);
      t.add('satzung', null, null, { title: R.title, valid: '', from: R.valid_from, until: R.valid_until });
      const income = determineIncome(R, hh, t);
      const singles = hh.children.map((c, i) => single(R, hh, c, i + 1, income, on, t));
      const fees = alternating(R, hh, siblings(R, singles, t), t);
      singles.forEach((s, i) => { s.fee = fees[i]; t.add('child_fee', null, s.number, { amount: amountC(s.fee) }); });
      const total = fees.reduce((a, b) => a + b, 0), meals = singles.reduce((a, s) => a + s.meal_money, 0);
      t.add('total', null, null, { amount: amountC(total) });
      return {
        satzung: R.key, on: iso(on), income: income === null ? null : amountU(income), total: amountC(total),
        meal_total: amountC(meals), provisional: !!hh.provisional,
        children: singles.map((s) => Object.assign({}, s, { single_fee: amountC(s.single_fee), fee: amountC(s.fee), meal_money: amountC(s.meal_money) })),
        explanation: t.steps.map((s) => Object.assign({}, s, { text: render(R, s, lang) })),
      };
    } catch (e) {
      if (e && e.fee) return { error: e.fee };
      throw e;
    }
  }
  function select(list, kommune, onText) {
    const on = ymd(onText);
    return list.filter((R) => R.kommune === kommune && covers(R, on))[0] || null;
  }

  // --- the income assistant's hook: einkommen form data → household → estimate --------------------
  // Fields of forms/nrw/einkommen.yaml: [field, art code (einkunftsarten), income kind, Beamte].
  const FORM_INCOME = [
    ['lohn', 'nichtselbststaendig', 'nichtselbstaendig'], ['beamtenbezuege', 'beamtenbezuege', 'nichtselbstaendig', true],
    ['gewinn', 'selbststaendig', 'selbstaendig'], ['steuerfrei', 'minijob', 'steuerfrei'], ['kapital', 'kapital', 'kapital'],
    ['vermietung', 'vermietung', 'vermietung'], ['renten', 'renten', 'sonstige'], ['lohnersatz', 'lohnersatz', 'lohnersatz'],
    ['unterhalt', 'unterhalt', 'unterhalt'], ['sonstige', 'sonstige', 'sonstige'],
  ];
  const dec = (v) => (v === null || v === undefined || v === '' ? null : typeof v === 'number' ? v.toFixed(2) : String(v).replace(',', '.'));
  function formIncomes(e, person, hh) {
    const arten = e.arten || [];
    let expenses = dec(e.werbungskosten) === null ? 0 : cents(dec(e.werbungskosten));
    FORM_INCOME.forEach((f) => {
      const v = dec(e[f[0]]);
      if (v === null || arten.indexOf(f[1]) < 0) return;
      let c = cents(v);
      if (f[2] === 'nichtselbstaendig') { const used = Math.min(expenses, c); c -= used; expenses -= used; }
      hh.incomes.push({ kind: f[2], annual: amountC(c), custodian: f[3] ? person + 2 : person });
    });
    if (arten.indexOf('elterngeld') >= 0 && dec(e.elterngeld_monatlich) !== null) {
      hh.incomes.push({ kind: 'elterngeld', monthly: dec(e.elterngeld_monatlich), months: Number(e.elterngeld_monate || 12), custodian: person, elterngeld_plus: e.elterngeld_art === 'plus' });
    }
  }
  function householdFromForm(data) {
    const children = (data.kinder || []).filter((k) => k && k.geburtsdatum && k.betreuungsart).map((k) => ({
      birth_date: k.geburtsdatum, care_type: k.betreuungsart, start: k.beginn || null,
      hours: k.betreuungsart === 'tagespflege' ? dec(k.stunden_tagespflege) : k.umfang ? String(k.umfang) : null,
    }));
    const hh = {
      children: children, incomes: [], custodians: [{}, {}, { beamter: true }, { beamter: true }],
      statement: data.erklaerungsweg !== 'hoechstbeitrag', alternating: data.familiensituation === 'wechselmodell',
      benefits: data.erklaerungsweg === 'leistungsbezug' ? (data.leistung_art || []).filter((b) => b !== 'keine') : [],
    };
    ['einkommen1', 'einkommen2'].forEach((g, person) => { if (data[g]) formIncomes(data[g], person, hh); });
    return hh;
  }
  function todayIso() {
    const d = new Date();
    return iso([d.getFullYear(), d.getMonth() + 1, d.getDate()]);
  }
  function estimate(satzung, data, options) {
    const opts = options || {}, today = opts.today || todayIso(), form = data || {};
    const list = Array.isArray(satzung) ? satzung : satzung && satzung.satzungen ? satzung.satzungen : [satzung];
    const R = list.filter((x) => x && covers(x, ymd(today)))[0];
    const hh = householdFromForm(form);
    if (!R || !hh.children.length || !form.erklaerungsweg) return { fee: null, explanation: [] };
    const r = assess(R, hh, today, { lang: opts.lang || 'de' });
    if (r.error) return { fee: null, error: r.error, explanation: [{ text: r.error.message, paragraph: r.error.paragraph }] };
    return { fee: Number(r.total), total: r.total, result: r, explanation: r.explanation.map((s) => ({ text: s.text, paragraph: s.paragraph })) };
  }

  const api = { assess: assess, estimate: estimate, householdFromForm: householdFromForm, select: select, render: render, version: 1 };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (root) root.KitaFees = api;
})(typeof window !== 'undefined' ? window : null);

/* kitaforms assistant runtime: turns the plain HTML form into a step-by-step assistant.
   Progressive enhancement: the page works without this file. Rules come as data
   (<script type="application/json" id="kf-data">, expressions as JSON AST for KitaExpr);
   no eval, no inline code, nothing stored in the browser, no request but the final submit.
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
  const isEmpty = (v) => v === null || v === undefined || v === '' ||
    (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length);

  function make(tag, cls, text) {
    const e = D.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function say(text) {
    statusBox.textContent = '';
    setTimeout(() => { statusBox.textContent = text; }, 50);
  }

  // --- the definition -----------------------------------------------------------------------
  const byName = {};
  const ALL = [];
  K.steps.forEach((s, i) => {
    s.els.forEach((el) => ALL.push(el));
    (function index(els, reps) {
      els.forEach((el) => {
        el.step = i;
        el.reps = reps;
        el.scope = el.n.slice(0, Math.max(0, el.n.lastIndexOf('.')));
        byName[el.n] = el;
        if (el.c) index(el.c, el.t === 'repeat' ? reps.concat(el.n) : reps);
      });
    })(s.els, []);
  });
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
  const checked = (p) => Array.from(form.querySelectorAll('input[name="' + p + '"]:checked')).map((i) => i.value);

  function monthNum(s) {
    const v = s.trim().toLowerCase().replace(/\.$/, '');
    if (/^\d+$/.test(v) && +v >= 1 && +v <= 12) return pad(+v);
    return K.months[v] ? pad(K.months[v]) : s.trim();
  }
  function partsOf(p, keys) {
    return keys.map((k, i) => { const e = i ? $('f-' + dash(p) + '--' + k) : ctl(p); return e ? e.value : ''; });
  }
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
  function parseNumber(text, places) {
    const raw = text.trim();
    if (!raw) return null;
    const n = normal(raw.replace(/[\s\u00a0\u202f€']|EUR/gi, ''), places);
    if (n === null || !/^[+-]?\d+(\.\d+)?$/.test(n) || (n.split('.')[1] || '').length > places) return raw;
    return Number(n);
  }
  function readFiles(p, el) {
    const input = ctl(p);
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
    if (t === 'declaration') { const c = ctl(p); return c && c.checked ? true : null; }
    if (t === 'multichoice') return checked(p);
    if (t === 'choice' && !el.sel) { const v = checked(p)[0]; return v === undefined ? null : v; }
    const input = ctl(p);
    if (!input) return null;
    if (t === 'integer' || t === 'decimal' || t === 'money') return parseNumber(input.value, el.dec);
    const v = t === 'textarea' ? input.value.replace(/\r\n/g, '\n') : input.value.trim();
    return v.trim() ? v : null;
  }
  function readEls(els, prefix) {
    const out = {};
    els.forEach((el) => {
      const v = read(el, prefix + el.id);
      if (!isEmpty(v) || (Array.isArray(v) && el.t === 'repeat')) out[el.id] = v;
    });
    return out;
  }
  const collect = () => readEls(ALL, '');

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
    if (t === 'integer' || t === 'decimal' || t === 'money') return typeof raw === 'number' ? raw : null;
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
  const message = (code, el, vals) => fmt(K.msg[code], Object.assign({ label: el.l }, vals || {}));
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
  function numberCheck(el, v) {
    const kind = el.t === 'decimal' ? 'number' : el.t;
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
  // → [{p, text, warn}] for the visible instances of some elements
  function findErrors(ctx, els, prefix, idx, label) {
    const found = [];
    instances(els, prefix, idx, label, (el, p, ix, lab) => {
      if (!ctx.visible(el.n, ix)) return;
      const raw = ctx.raw(el.n, ix);
      const errs = problems(el, raw, ctx.required(el, ix));
      errs.forEach((e) => found.push({ p, lab, text: message(e[0], el, e[1]) }));
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
  function controlsOf(box) {
    return Array.from(box.querySelectorAll('input, select, textarea')).filter((c) =>
      c.closest('.kf-q') === box && (c.type !== 'radio' && (c.type !== 'checkbox' || box.classList.contains('kf-declaration'))));
  }
  function clearErrors(scope) {
    scope.querySelectorAll('.kf-error, .kf-warning').forEach((m) => {
      const box = m.closest('.kf-q');
      if (box) {
        box.classList.remove('kf-q--error');
        setDescribed(box.querySelector('[data-kf-desc]'), m.id, false);
        controlsOf(box).forEach((c) => c.removeAttribute('aria-invalid'));
      }
      m.remove();
    });
  }
  function showError(e) {
    const box = qBox(e.p);
    const msgs = box && box.querySelector('.kf-msgs');
    if (!msgs) return;
    const id = 'f-' + dash(e.p) + (e.warn ? '--warning' : '--error');
    if ($(id)) return;
    const m = make('p', e.warn ? 'kf-warning' : 'kf-error');
    m.id = id;
    m.append(make('span', 'kf-vh', e.warn ? T.note : T.error), ' ' + e.text);
    msgs.append(m);
    setDescribed(box.querySelector('[data-kf-desc]'), id, true);
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

  function visibleSteps(ctx) { return K.steps.map((s, i) => i).filter((i) => ctx.stepVisible(i)); }
  function setTitle(error) {
    const ctx = new Ctx(collect());
    const vis = visibleSteps(ctx);
    const n = cur === REVIEW ? vis.length + 1 : vis.indexOf(cur) + 1;
    const progress = fmt(T.step, { num: n, total: vis.length + 1 });
    $('kf-progress').textContent = progress;
    const name = cur === REVIEW ? T.review : K.steps[cur].l;
    D.title = (error ? T.errtitle + ' ' : '') + progress + ': ' + [name, K.title, K.kommune].filter(Boolean).join(' – ');
  }
  function show(i, opts) {
    opts = opts || {};
    cur = i;
    sections.forEach((s, j) => { s.hidden = j !== i; });
    review.hidden = i !== REVIEW;
    if (!opts.keepSummary) $('kf-summary').textContent = '';
    const ctx = new Ctx(collect());
    const vis = visibleSteps(ctx);
    backBtn.hidden = i === vis[0];
    nextBtn.hidden = i === REVIEW;
    submitBtn.hidden = i !== REVIEW;
    nextBtn.textContent = fromReview ? T.toreview : T.next;
    D.querySelectorAll('[data-kf-intro]').forEach((n) => { n.hidden = i !== vis[0]; });
    if (i === REVIEW) buildReview(ctx);
    setTitle(false);
    const id = i === REVIEW ? 'review' : K.steps[i].id;
    if (!opts.pop) history[opts.replace ? 'replaceState' : 'pushState']({ kf: id }, '', '#' + id);
    if (!opts.noFocus) {
      window.scrollTo(0, 0);
      (i === REVIEW ? $('kf-review-title') : $('step-' + id + '-title')).focus({ preventScroll: true });
    }
    updateFee(ctx);
  }
  function step(dir) {
    const vis = visibleSteps(new Ctx(collect()));
    if (dir < 0) {
      const before = vis.filter((j) => j < cur);
      return before.length ? before[before.length - 1] : vis[0];
    }
    const after = vis.filter((j) => j > cur);
    return after.length ? after[0] : REVIEW;
  }
  function next() {
    const ctx = new Ctx(collect());
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
  function shown(el, v) {
    if (isEmpty(v)) return T.none;
    const t = el.t === 'computed' ? el.vt : el.t;
    if (t === 'date') return isDate(v) ? dateText(v, K.lang === 'de' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'long', year: 'numeric' }) : String(v);
    if (t === 'month') return typed(el, v) ? dateText(v, { month: 'long', year: 'numeric' }) : String(v);
    if (t === 'money') return typeof v === 'number' ? money(v) : String(v);
    if (t === 'integer' || t === 'decimal' || t === 'number') return typeof v === 'number' ? new Intl.NumberFormat(LOC).format(v) + (el.u ? ' ' + el.u : '') : String(v);
    if (t === 'boolean') return v === true ? T.yes : T.no;
    if (t === 'declaration') return v === true ? T.confirmed : T.notconfirmed;
    if (t === 'choice') return label(el.o, v);
    if (t === 'multichoice') return v.map((c) => label(el.o, c));
    if (t === 'ranked_choice') return v.map((x) => pickName(el, x.code) + (x.reasons.length ? ' (' + x.reasons.map((r) => label(el.rs, r)).join(', ') + ')' : ''));
    if (t === 'file') return (Array.isArray(v) ? v : [v]).map((f) => f.name).join(', ');
    return String(v);
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
        const text = shown(el, v);
        if (Array.isArray(text)) {
          const list = make(el.t === 'ranked_choice' && el.rk ? 'ol' : 'ul', 'kf-answers__list');
          text.forEach((x) => list.append(make('li', '', x)));
          value.append(list);
        } else value.textContent = text;
        row.append(make('dt', 'kf-answers__key', lab + el.l), value);
        if (withLinks && el.t !== 'computed') {
          const action = make('dd', 'kf-answers__action');
          const a = make('a', '', T.change);
          a.href = '#f-' + dash(p);
          a.dataset.kfP = p;
          a.append(make('span', 'kf-vh', ' ' + lab + el.l));
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
        if (v !== null) out[el.id] = v;
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
    const ctx = new Ctx(collect());
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
  async function send() {
    submitBtn.setAttribute('aria-disabled', 'true');
    say(T.sending);
    try {
      await hashesReady();
      const ctx = new Ctx(collect());
      const data = submission(ctx, ALL, ctx.data, '', {});
      const res = await fetch(form.action, {
        method: 'POST', credentials: 'same-origin', body: JSON.stringify(data),
        headers: { 'Content-Type': 'application/json', Accept: 'text/html, application/problem+json, application/json', 'Accept-Language': K.lang },
      });
      const type = res.headers.get('content-type') || '';
      if (res.ok && type.indexOf('text/html') >= 0) receiptFromHtml(await res.text());
      else if (res.ok) receiptFromJson(await res.json());
      else if (type.indexOf('json') >= 0) serverErrors((await res.json()).errors || []);
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
  function receiptFromJson(json) {
    const frag = $('kf-receipt').content.cloneNode(true);
    frag.querySelector('[data-kf-reference]').textContent = String(json.reference || '');
    frag.querySelector('[data-kf-receipt-answers]').append(answers(new Ctx(collect()), false));
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
    box.querySelector(':scope > [data-kf-add]').hidden = n >= max;
    ownEntries(p).forEach((e) => { e.querySelector(':scope > [data-kf-remove]').hidden = n <= min; });
  }
  function addEntry(el, p, quiet) {
    const box = qBox(p), i = entryCount(p);
    const frag = box.querySelector(':scope > template').content.cloneNode(true);
    const mark = '__' + el.reps.length + '__';
    rewrite(frag, (v) => v.split(mark).join(String(i)));
    const entry = frag.firstElementChild;
    renumber(entry, i);
    entryList(p).append(frag);
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
  function setupRepeat(el, p) {
    const min = el.mini ? el.mini[0] : 0;
    for (let i = entryCount(p) - 1; i >= min && isEmpty(readEls(el.c, p + '.' + i + '.')); i--) ownEntries(p)[i].remove();
    while (entryCount(p) < min) addEntry(el, p, true);
    qBox(p).querySelector(':scope > [data-kf-add]').hidden = false;
    repeatButtons(el, p);
  }
  function setupInside(els, prefix) {
    instances(els, prefix, {}, '', (el, p) => {
      if (el.t === 'repeat') setupRepeat(el, p);
      if (el.t === 'ranked_choice') setupRanked(el, p);
    });
  }

  // --- ranked wishes: search, add, move up/down, remove (no drag and drop) ---------------------
  const fold = (s) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
  function items(el) {
    if (el.cat) return (K.fac || []).map((f) => ({ code: f[0], name: f[1], meta: f[2] + ', ' + f[3], care: f[4], from: f[5], to: f[6] }));
    return (el.o || []).map((o) => ({ code: o[0], name: o[1], meta: '' }));
  }
  function setupRanked(el, p) {
    const box = qBox(p), slots = box.querySelector('.kf-slots');
    if (!slots) return;
    const picks = [];
    slots.querySelectorAll(':scope > .kf-slot').forEach((slot) => {
      const s = slot.querySelector('select');
      if (s.value) picks.push({ code: s.value, reasons: Array.from(slot.querySelectorAll('input:checked'), (c) => c.value) });
    });
    ranked[p] = picks;
    const d = 'f-' + dash(p);
    const w = make('div', 'kf-rank');
    const head = make('p', 'kf-label', T.yourpicks);
    head.id = d + '--picks';
    const list = make(el.rk ? 'ol' : 'ul', 'kf-picks');
    list.setAttribute('aria-labelledby', head.id);
    const none = make('p', 'kf-hint', T.nopicks);
    const lab = make('label', 'kf-label', T.search);
    lab.htmlFor = d;
    const hint = make('p', 'kf-hint', el.cat ? T.searchhint : '');
    hint.id = d + '--shint';
    const input = make('input', 'kf-input');
    Object.assign(input, { type: 'search', id: d, autocomplete: 'off' });
    input.setAttribute('aria-describedby', hint.id);
    input.dataset.kfSearch = p;
    const results = make('ul', 'kf-results');
    const full = make('p', 'kf-hint', T.maxpicks);
    w.append(head, list, none, lab, hint, input, full, results);
    slots.replaceWith(w);
    renderRanked(el, p);
  }
  function rankedParts(p) {
    const w = qBox(p).querySelector('.kf-rank');
    return { list: w.querySelector('.kf-picks'), none: w.querySelector('.kf-picks + .kf-hint'), input: w.querySelector('input[type=search]'),
      results: w.querySelector('.kf-results'), full: w.querySelector('.kf-results').previousElementSibling };
  }
  function actionButton(text, name, act, p, i) {
    const b = make('button', 'kf-button kf-button--secondary kf-button--small', text);
    b.type = 'button';
    b.append(make('span', 'kf-vh', ' ' + name));
    Object.assign(b.dataset, { kfAct: act, kfRank: p, kfI: String(i) });
    return b;
  }
  function renderRanked(el, p) {
    const parts = rankedParts(p), picks = ranked[p] || [];
    const all = items(el);
    parts.list.textContent = '';
    picks.forEach((pk, i) => {
      const item = all.find((x) => x.code === pk.code) || { name: pk.code, meta: '' };
      const li = make('li', 'kf-pick');
      li.append(make('p', 'kf-pick__name', (el.rk ? i + 1 + '. ' : '') + item.name));
      if (item.meta) li.append(make('p', 'kf-pick__meta', item.meta));
      if (el.rs) {
        const fs = make('fieldset', 'kf-fieldset kf-reasons');
        fs.append(make('legend', 'kf-legend kf-legend--small', fmt(T.reasons, { name: item.name })));
        const boxes = make('div', 'kf-checkboxes');
        el.rs.forEach((r, j) => {
          const row = make('div', 'kf-checkbox');
          const c = make('input', 'kf-checkbox__input');
          Object.assign(c, { type: 'checkbox', id: 'f-' + dash(p) + '--p' + i + 'r' + j, value: r[0], checked: pk.reasons.indexOf(r[0]) >= 0 });
          Object.assign(c.dataset, { kfReason: p, kfI: String(i) });
          const l = make('label', 'kf-checkbox__label', r[1]);
          l.htmlFor = c.id;
          row.append(c, l);
          boxes.append(row);
        });
        fs.append(boxes);
        li.append(fs);
      }
      const acts = make('div', 'kf-pick__actions');
      if (el.rk && i > 0) acts.append(actionButton(T.up, item.name, 'up', p, i));
      if (el.rk && i < picks.length - 1) acts.append(actionButton(T.down, item.name, 'down', p, i));
      acts.append(actionButton(T.remove, item.name, 'rm', p, i));
      li.append(acts);
      parts.list.append(li);
    });
    parts.none.hidden = picks.length > 0;
    renderResults(el, p, false);
  }
  function fits(el, p, item, ctx) {
    const idx = {};
    if (el.fc && item.care) { const care = ctx.ev(el.fc, el.n, idx); if (typeof care === 'string' && item.care.indexOf(care) < 0) return false; }
    if (el.fb && item.to !== undefined) {
      const birth = ctx.ev(el.fb, el.n, idx);
      if (isDate(birth)) {
        const b = birth.split('-').map(Number), t = TODAY.split('-').map(Number);
        const age = (t[0] - b[0]) * 12 + t[1] - b[1] - (t[2] < b[2] ? 1 : 0);
        if (item.from > age + 12 || item.to <= age) return false;
      }
    }
    return true;
  }
  function renderResults(el, p, announce) {
    const parts = rankedParts(p), picks = ranked[p] || [];
    const max = el.maxi ? el.maxi[0] : Infinity;
    const ctx = new Ctx(collect());
    const words = fold(parts.input.value).split(/\s+/).filter(Boolean);
    const found = items(el).filter((x) => fits(el, p, x, ctx) && words.every((w) => fold(x.name + ' ' + x.meta).indexOf(w) >= 0));
    parts.results.textContent = '';
    parts.full.hidden = picks.length < max;
    found.slice(0, 25).forEach((x) => {
      const li = make('li', 'kf-result');
      li.append(make('p', 'kf-result__name', x.name));
      if (x.meta) li.append(make('p', 'kf-result__meta', x.meta));
      if (picks.some((pk) => pk.code === x.code)) li.append(make('p', 'kf-result__chosen', T.chosen));
      else if (picks.length < max) {
        const b = actionButton(T.add, x.name, 'add', p, 0);
        b.dataset.kfCode = x.code;
        li.append(b);
      }
      parts.results.append(li);
    });
    if (announce) say(fmt(T.found[found.length === 1 ? 0 : 1], { num: found.length }));
  }
  function rankAction(b) {
    const p = b.dataset.kfRank, el = byName[defName(p)], picks = ranked[p], i = +b.dataset.kfI;
    const all = items(el), act = b.dataset.kfAct;
    const nameOf = (code) => (all.find((x) => x.code === code) || { name: code }).name;
    let focusAct = null, focusI = i;
    if (act === 'add') {
      picks.push({ code: b.dataset.kfCode, reasons: [] });
      say(fmt(T.added, { name: nameOf(b.dataset.kfCode), num: picks.length, total: picks.length }));
    } else if (act === 'rm') {
      const gone = picks.splice(i, 1)[0];
      say(fmt(T.removed, { name: nameOf(gone.code) }));
      focusAct = 'rm';
      focusI = Math.min(i, picks.length - 1);
    } else {
      const j = act === 'up' ? i - 1 : i + 1;
      [picks[i], picks[j]] = [picks[j], picks[i]];
      say(fmt(T.moved, { name: nameOf(picks[j].code), num: j + 1, total: picks.length }));
      focusI = j;
      focusAct = j === 0 ? 'down' : j === picks.length - 1 ? 'up' : act;
    }
    renderRanked(el, p);
    const target = focusAct && focusI >= 0 && qBox(p).querySelector('[data-kf-act="' + focusAct + '"][data-kf-i="' + focusI + '"]');
    (target || rankedParts(p).input).focus();
    refresh();
  }

  // --- files ----------------------------------------------------------------------------------
  function fileChanged(input) {
    fileMeta.delete(input);
    hashFiles(input);
    const names = Array.from(input.files || [], (f) => f.name).join(', ');
    if (names) say(fmt(T.file, { name: names }));
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
      return renderRanked(el, p);
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
    input.value = v === undefined || v === null ? '' : typeof v === 'number' && K.lang === 'de' ? String(v).replace('.', ',') : String(v);
  }
  function load(file) {
    const reader = new FileReader();
    reader.onload = () => {
      let state = null;
      try { state = JSON.parse(reader.result); } catch (e) { state = null; }
      if (!state || state.format !== 'kitaforms-resume' || state.form !== K.form || typeof state.data !== 'object') { say(T.loadfail); return; }
      const missing = [];
      fillEls(ALL, state.data, '', missing);
      refresh();
      const i = state.step === 'review' ? REVIEW : Math.max(0, K.steps.findIndex((s) => s.id === state.step));
      show(i);
      say([T.loaded].concat(missing.map((n) => fmt(T.refile, { name: n }))).join(' '));
    };
    reader.readAsText(file);
  }

  // --- the fee estimate (KitaFees, when the Satzung is on the page) ---------------------------
  const satzungNode = $('kf-satzung');
  const satzung = satzungNode && window.KitaFees ? JSON.parse(satzungNode.textContent) : null;
  let lastFee = '';
  function updateFee(ctx) {
    const box = $('kf-fee');
    if (!box || !satzung) return;
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
    const ctx = new Ctx(collect());
    instances(ALL, '', {}, '', (el, p, idx) => {
      const box = qBox(p);
      if (!box) return;
      if (el.v) box.hidden = !ctx.visible(el.n, idx);
      if (el.t === 'computed') { const out = ctl(p); if (out) out.textContent = shown(el, ctx.visible(el.n, idx) ? ctx.computed(el, idx) : null); }
      if (el.ri) { const o = box.querySelector('[data-kf-opt]'); if (o) o.hidden = ctx.required(el, idx); }
    });
    setTitle(!!$('kf-summary').firstChild);
    updateFee(ctx);
  }
  function schedule() {
    dirty = true;
    if (!pending) pending = requestAnimationFrame(refresh);
  }
  form.addEventListener('input', (ev) => {
    if (ev.target.dataset.kfSearch) { const p = ev.target.dataset.kfSearch; clearTimeout(ev.target.kfTimer); ev.target.kfTimer = setTimeout(() => renderResults(byName[defName(p)], p, true), 300); return; }
    schedule();
  });
  form.addEventListener('change', (ev) => {
    const t = ev.target;
    if (t.dataset.kfReason) {
      const pk = ranked[t.dataset.kfReason][+t.dataset.kfI];
      pk.reasons = pk.reasons.filter((r) => r !== t.value).concat(t.checked ? [t.value] : []);
    }
    if (t.type === 'file') fileChanged(t);
    schedule();
  });
  form.addEventListener('keydown', (ev) => {
    const p = ev.target.dataset && ev.target.dataset.kfSearch;
    if (p && ev.key === 'Enter') { ev.preventDefault(); renderResults(byName[defName(p)], p, true); }
  });
  form.addEventListener('click', (ev) => {
    const b = ev.target.closest('button');
    if (!b) return;
    if (b.dataset.kfAct) rankAction(b);
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
