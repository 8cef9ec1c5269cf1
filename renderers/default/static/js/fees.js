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
    if (c.end && on[0] * 12 + on[1] > ymd(c.end)[0] * 12 + ymd(c.end)[1]) {
      t.add('care_ended', null, n, { end: c.end });
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
