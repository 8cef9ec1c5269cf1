/* kitaforms fee evaluator: computes the Elternbeitrag from the rules compiled by kitaforms.satzung.compiled.
   Same steps and results as src/kitaforms/satzung/engine.py (tests/satzung run both on random households), and
   the fee of every month of a care period as src/kitaforms/satzung/timeline.py with the months worth explaining.
   Exact: fees in integer cents, incomes in micro-euros (1e-6 EUR), percentages in hundredths; no binary
   fractions touch money. ES2017, no dependencies, no eval: safe under a strict Content-Security-Policy.
   Every text (explanation, details, errors) is worded from the templates the compiled rules carry.
   Usage: KitaFees.assess(rules, household, "2025-09-01", {explain: true, detail: false, lang: "de"})
          → {total: "301.50", children: [...], explanation: [...]} or {error: {code, kind, message}};
          KitaFees.timeline([rules…], household, "2025-08-01", "2026-07-01", {lang}) → the months (as
          kitaforms.satzung.jsonio.timeline_json); KitaFees.estimate(rules, formData, {today, lang}). */
(function (root) {
  'use strict';

  // --- exact decimals -----------------------------------------------------------------------------
  // An error carries its code, the parameters of its message and the template (default: the code); the
  // message is worded from the compiled rules' `errors` catalogue in the page's language (`word` below).
  function fail(kind, code, message, paragraph, params, template) {
    const e = new Error(message);
    e.fee = { code: code, kind: kind, message: message, paragraph: paragraph === undefined ? null : paragraph };
    e.params = params || {};
    e.template = template || code;
    return e;
  }
  const inputError = (code, message, params, template) => fail('input', code, message, null, params, template);
  const notDetermined = (code, message, paragraph, params, template) => fail('not_determined', code, message, paragraph, params, template);

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
  function Trace(enabled, detail) { this.enabled = enabled; this.detail = !!(enabled && detail); this.steps = []; }
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
    why: (p) => 'why_' + (p.reason || ''),
  };
  function age(p, word) { // years/months → "2 Jahre und 3 Monate", "1 Jahr", "5 Monate"
    const parts = [];
    [['years', 'year'], ['months', 'month']].forEach((x) => {
      const count = Number(p[x[0]] || 0);
      if (count) parts.push(count + ' ' + word(count === 1 ? x[1] : x[0]));
    });
    return parts.join(' ' + word('and') + ' ') || '0 ' + word('months');
  }
  function fill(rules, template, params, lang) {
    const words = (rules.words || {})[lang] || (rules.words || {}).de || {};
    const word = (w) => (Object.prototype.hasOwnProperty.call(words, w) ? words[w] : w);
    return template.replace(/\{(\w+)(?::(\w+))?\}/g, (all, name, kind) => {
      const v = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : '';
      if (kind === 'money') return money(v, lang, true);
      if (kind === 'euros') return money(v, lang, false);
      if (kind === 'date') return lang === 'de' && v ? v.slice(8, 10) + '.' + v.slice(5, 7) + '.' + v.slice(0, 4) : v;
      if (kind === 'word') return word(v);
      if (kind === 'age') return age(params, word);
      if (PHRASE[kind]) return fill(rules, word(PHRASE[kind](params)), params, lang);
      return v;
    });
  }
  function render(rules, step, lang) {
    const all = rules.messages || {};
    const templates = all[lang] || all.de || {};
    return templates[step.code] ? fill(rules, templates[step.code], step.params, lang) : step.code;
  }
  function errorText(rules, e, lang) { // the message of an error from the catalogue, else its own words
    const all = rules.errors || {};
    const templates = all[lang] || all.de || {};
    const params = {};
    Object.keys(e.params || {}).forEach((k) => { params[k] = e.params[k] === null || e.params[k] === undefined ? '' : String(e.params[k]); });
    return templates[e.template] ? fill(rules, templates[e.template], params, lang) : e.fee.message;
  }

  // --- income -------------------------------------------------------------------------------------
  const EMPLOYMENT = 'nichtselbstaendig'; // the income kind Werbungskosten are deducted from
  function determineIncome(R, hh, t, on) {
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
    const expenses = workExpenses(R, hh, counted, on, t);
    total -= expenses.reduce((a, b) => a + b, 0);
    total += beamte(R, hh, counted, expenses, t);
    total -= childDeduction(R, hh, t);
    total = Math.max(total, 0);
    t.add('income_total', inc.paragraph, null, { amount: amountU(total) });
    return total;
  }
  function countedAmount(R, item, t) {
    const inc = R.income, value = itemAmount(R, item, t);
    if (inc.not_counted.indexOf(item.kind) >= 0) { t.add('income_not_counted', inc.paragraph, null, { kind: item.kind, amount: amountU(value) }); return 0; }
    if (inc.counted.indexOf(item.kind) < 0) throw notDetermined('income_kind_unknown', 'the Satzung file does not say whether `' + item.kind + '` counts as income', inc.paragraph, { kind: item.kind });
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
  // The calendar year of the incomes: as stated, else the year before (or, for `fee_year`, of) the reference date.
  function incomeYear(R, hh, on) {
    if ((hh.income_year !== null && hh.income_year !== undefined) || !on) return hh.income_year === undefined ? null : hh.income_year;
    return R.income && R.income.reference_year === 'fee_year' ? on[0] : on[0] - 1;
  }
  function pauschbetrag(rule, year) { // from the table the compiled rules carry (kitaforms.satzung.estg)
    const row = year === null ? null : (rule.pauschbetrag || []).filter((r) => year >= r.from_year)[0];
    return row ? micro(row.amount) : null;
  }
  // Each custodian's Werbungskosten deducted from their employment income: as stated, at least the
  // Arbeitnehmer-Pauschbetrag where the Satzung says so, never more than that income (micro-euros by custodian).
  function workExpenses(R, hh, counted, on, t) {
    const inc = R.income, rule = inc.work_expenses || null;
    return (hh.custodians || [{}]).map((c, n) => {
      const employed = counted.filter((x) => (x[0].custodian || 0) === n && x[0].kind === EMPLOYMENT).reduce((s, x) => s + x[1], 0);
      const stated = c.work_expenses === null || c.work_expenses === undefined ? null : micro(c.work_expenses);
      if (employed <= 0 || (stated === null && (!rule || !rule.flat_allowance))) return 0;
      if (!rule) throw notDetermined('work_expenses_unknown', 'the Satzung file does not say whether Werbungskosten are deducted', inc.paragraph);
      let allowance = null, year = null;
      if (rule.flat_allowance) {
        year = incomeYear(R, hh, on);
        allowance = pauschbetrag(rule, year);
        if (allowance === null) throw notDetermined('flat_allowance_unknown', 'no Arbeitnehmer-Pauschbetrag for ' + year, rule.paragraph, { year: year });
      }
      let deduction;
      if (allowance !== null && (stated === null || stated < allowance)) {
        deduction = Math.min(allowance, employed);
        t.add('work_expenses_flat', rule.paragraph, null, { person: n + 1, year: year, allowance: amountU(allowance), amount: amountU(deduction) });
      } else {
        deduction = Math.min(stated, employed);
        t.add('work_expenses', rule.paragraph, null, { person: n + 1, stated: amountU(stated), amount: amountU(deduction) });
      }
      return deduction;
    });
  }
  function beamte(R, hh, counted, expenses, t) {
    const rule = R.income.beamte_addition;
    if (!rule) return 0;
    let total = 0;
    (hh.custodians || [{}]).forEach((c, n) => {
      if (!c.beamter) return;
      let base = counted.filter((x) => (x[0].custodian || 0) === n && rule.of.indexOf(x[0].kind) >= 0).reduce((s, x) => s + x[1], 0);
      if (rule.of.indexOf(EMPLOYMENT) >= 0) base -= expenses[n] || 0;
      if (base <= 0) return;
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
    if (key(birth) > key(on)) throw inputError('born_after_date', 'child ' + n + ' is born after the reference date', { child: n, on: iso(on) });
    if (c.start && on[0] * 12 + on[1] < ymd(c.start)[0] * 12 + ymd(c.start)[1]) {
      t.add('not_in_care', null, n, { start: c.start });
      return result(n, c, null, 0, 0, 'not_in_care', null, null);
    }
    if (c.end && on[0] * 12 + on[1] > ymd(c.end)[0] * 12 + ymd(c.end)[1]) {
      t.add('care_ended', null, n, { end: c.end });
      return result(n, c, null, 0, 0, 'not_in_care', null, null);
    }
    if (t.detail) {
      const months = Math.max((on[0] - birth[0]) * 12 + on[1] - birth[1] - (on[2] < birth[2] ? 1 : 0), 0);
      t.add('age', null, n, { on: iso(on), years: idiv(months, 12), months: months % 12, age: '' });
    }
    const meal = mealMoney(R, c, birth, n, income, on, t);
    const k = R.fee_free.kibiz_50;
    if (k && k.care_types.indexOf(c.care_type) >= 0) {
      if (kibiz50(k, birth, n, on, t)) return result(n, c, null, 0, meal, 'kibiz_50', null, null);
      if (t.detail) {
        const d = kibizDates(k, birth), free = k.applies_from && key(ymd(k.applies_from)) > key(d[1]) ? ymd(k.applies_from) : d[1];
        t.add('kibiz_50_next', k.paragraph, n, { age: k.age_completed, by: iso(d[0]), free_from: iso(free) });
      }
    }
    const fee = table(R, c.care_type, 'fee');
    const needed = (fee && fee.groups) || R.fee_free.age_groups.some((r) => r.care_types.indexOf(c.care_type) >= 0);
    const group = needed ? ageGroupOf(R, birth, n, on, t) : null;
    const reason = freeReason(R, hh, c, n, group, income, t);
    if (reason) return result(n, c, group, 0, meal, reason, null, null);
    if (!fee) throw notDetermined('no_table', 'the Satzung file has no fee table for `' + c.care_type + '`', null, { care: c.care_type });
    const g = fee.groups ? group : null;
    const bracket = bracketOf(R, hh, fee, n, income, t);
    const column = columnOf(fee, c, n, t);
    let value = fee.per_hour ? hourly(R, fee, g, bracket, c, n, t) : cellFee(fee, g, column, bracket, n, t);
    value = indexed(R, fee, value, n, on, t);
    return result(n, c, g, value, meal, null, bracket, column);
  }
  function kibizDates(rule, birth) { // [the day by which the year of life is completed, the first free day]
    const done = completion(birth, rule.age_completed);
    const year = key(done) <= key(md(done[0], rule.completed_by)) ? done[0] : done[0] + 1;
    return [md(year, rule.completed_by), md(year, rule.free_from)];
  }
  function kibiz50(rule, birth, n, on, t) {
    if (rule.applies_from && key(on) < key(ymd(rule.applies_from))) return false;
    const d = kibizDates(rule, birth);
    if (key(on) < key(d[1])) return false;
    t.add('kibiz_50', rule.paragraph, n, { age: rule.age_completed, by: iso(d[0]), free_from: iso(d[1]) });
    return true;
  }
  function birthday(birth, years) { // the years-th birthday (1 March for 29 February in other years)
    const y = birth[0] + years;
    return birth[1] === 2 && birth[2] === 29 && !leap(y) ? [y, 3, 1] : [y, birth[1], birth[2]];
  }
  function changeDay(birth, years, sw) { // the first day a child counts as `years` old under the switch rule
    if (sw === 'on_birthday') return birthday(birth, years);
    if (sw === 'birthday_month') return [birth[0] + years, birth[1], 1];
    return birth[1] === 12 ? [birth[0] + years + 1, 1, 1] : [birth[0] + years, birth[1] + 1, 1];
  }
  function nextGroup(R, birth, n, g, t) {
    const s = R.age_groups;
    if (g.below_years === null || g.below_years === undefined) { t.add('age_group_final', s.paragraph, n, { label: g.label }); return; }
    const following = groupFor(R, g.below_years), day = iso(birthday(birth, g.below_years));
    if (s.switch === 'unknown') {
      t.add('age_group_next_unknown', s.paragraph, n, { label: following.label, birthday: day, years: g.below_years });
      return;
    }
    t.add('age_group_next', s.paragraph, n, { date: iso(changeDay(birth, g.below_years, s.switch)), label: following.label, birthday: day, years: g.below_years, switch: s.switch });
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
        throw notDetermined('age_switch_unknown', 'child ' + n + ' moves into the next age group this month', s.paragraph, { child: n });
      }
      g = young;
    } else g = groupFor(R, ageYears(birth, on, s.switch));
    t.add('age_group', s.paragraph, n, { label: g.label, on: iso(on) });
    if (t.detail) nextGroup(R, birth, n, g, t);
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
    if (c.hours === null || c.hours === undefined) throw inputError('hours_missing', 'child ' + n + ': the fee depends on the booked weekly hours', { child: n });
    const h = hundredths(c.hours);
    const col = tb.columns.findIndex((b) => b === null || h <= hundredths(b));
    if (col < 0) throw inputError('hours_out_of_range', 'child ' + n + ': more hours than the table `' + tb.id + '` provides', {
      child: n, hours: plainH(h), table: tb.id, bound: tb.columns[tb.columns.length - 1] !== null ? plainH(hundredths(tb.columns[tb.columns.length - 1])) : '',
    });
    if (!tb.per_hour) {
      const bound = tb.columns[col], prev = col ? tb.columns[col - 1] : null;
      t.add('column', tb.paragraph, n, { hours: plainH(h), column: '', bound: bound !== null ? plainH(hundredths(bound)) : '', previous: prev !== null ? plainH(hundredths(prev)) : '' });
    }
    return col;
  }
  function cellFee(tb, g, column, bracket, n, t) {
    const v = tb.cells[g || ''][column][bracket];
    if (v === null) throw notDetermined('unknown_cell', 'child ' + n + ': the Satzung file does not give this fee', tb.paragraph, cellParams(tb, g, column, bracket, n));
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
      if (rate === null) throw notDetermined('unknown_cell', 'child ' + n + ': the Satzung file does not give the hourly rate', tb.paragraph, cellParams(tb, g, band, bracket, n), 'unknown_rate');
      weekly += cents(rate) * hours;
      parts.push(plainH(hours) + ' × ' + amountC(cents(rate)));
      lower = bound;
    }
    if (!tb.factor) throw notDetermined('monthly_factor_unknown', 'the Satzung file does not say how the hourly rates of `' + tb.id + '` become a monthly fee', tb.paragraph, { table: tb.id });
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
    if (v === null) throw notDetermined('unknown_cell', 'child ' + n + ': the Satzung file does not give the meal money', tb.paragraph, { child: n }, 'unknown_meal_money');
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
    members.forEach((s, i) => {
      if (t.detail) orderStep(rule, members, i, rank, countsFree, t);
      fees[s.number - 1] = siblingFee(R, rule, s, i + 1, countsFree(s), t);
    });
    return fees;
  }
  function orderStep(rule, order, i, rank, countsFree, t) { // why the child stands at position i + 1
    const s = order[i], first = i === 0, other = order[first ? 1 : i - 1];
    const kind = rank(s) !== rank(other) ? 'rank' : countsFree(s) !== countsFree(other) ? 'free' : s.fee !== other.fee ? 'fee' : 'equal';
    const reason = (first ? { rank: 'rank_first', free: 'free_first', fee: 'highest', equal: 'equal_first' }
      : { rank: 'after_rank', free: 'after_free', fee: 'after_higher', equal: 'after_equal' })[kind];
    t.add('sibling_order', rule.paragraph, s.number, {
      position: i + 1, reason: reason, other: other.number, fee: amountC(s.fee), other_fee: amountC(other.fee), care: s.care_type, other_care: other.care_type,
    });
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
  function checkAmount(v, negative, what) {
    const params = { what: what, value: v };
    let c;
    try { c = cents(v); } catch (e) { throw inputError('bad_amount', 'not an amount: ' + v, params); }
    if (Math.abs(c) > 1e10) throw inputError('bad_amount', 'amount too large: ' + v, params);
    if (c < 0 && !negative) throw inputError('bad_amount', 'the amount must not be negative: ' + v, params, 'bad_amount_negative');
  }
  function checkHousehold(hh) {
    if (!hh.children || !hh.children.length) throw inputError('no_children', 'the household has no child in care');
    hh.children.forEach((c, i) => {
      if (CARE.indexOf(c.care_type) < 0) throw inputError('unknown_care_type', 'unknown care type ' + c.care_type, { child: i + 1, care: c.care_type, known: CARE.join(', ') });
      if (c.hours !== null && c.hours !== undefined) {
        let h;
        try { h = scaled(c.hours, 2, 'bad_hours'); } catch (e) { throw inputError('bad_hours', 'not a number of hours: ' + c.hours, { child: i + 1, hours: c.hours }); }
        if (h <= 0 || h > 16800) throw inputError('bad_hours', 'weekly hours must be above 0 and at most 168', { child: i + 1, hours: c.hours });
      }
    });
    const custodians = (hh.custodians || [{}]).length;
    (hh.incomes || []).forEach((i) => {
      if (KINDS.indexOf(i.kind) < 0) throw inputError('unknown_income_kind', 'unknown income kind ' + i.kind, { kind: i.kind, known: KINDS.join(', ') });
      const hasAnnual = i.annual !== null && i.annual !== undefined, hasMonthly = i.monthly !== null && i.monthly !== undefined;
      if (hasAnnual === hasMonthly) throw inputError('bad_income_item', 'give either a yearly or a monthly amount', { kind: i.kind });
      const months = i.months === undefined ? 12 : i.months;
      if (!(months >= 1 && months <= 12)) throw inputError('bad_income_item', 'months must be 1 to 12', { kind: i.kind, months: months }, 'bad_income_months');
      if (!((i.custodian || 0) >= 0 && (i.custodian || 0) < custodians)) throw inputError('bad_income_item', 'no such custodian', { kind: i.kind, custodian: (i.custodian || 0) + 1 }, 'bad_income_custodian');
      [i.annual, i.monthly, i.special_payments].forEach((v) => { if (v !== null && v !== undefined) checkAmount(v, i.kind !== 'elterngeld', i.kind); });
    });
    (hh.custodians || []).forEach((c) => { if (c.work_expenses !== null && c.work_expenses !== undefined) checkAmount(c.work_expenses, false, 'work_expenses'); });
    if (hh.declared_income !== null && hh.declared_income !== undefined) checkAmount(hh.declared_income, false, 'declared_income');
    if (hh.income_year !== null && hh.income_year !== undefined && !(Number.isInteger(hh.income_year) && hh.income_year >= 1900 && hh.income_year <= 2200)) {
      throw inputError('bad_income_year', 'not a calendar year: ' + hh.income_year, { year: hh.income_year });
    }
    const unknown = (hh.benefits || []).filter((b) => BENEFITS.indexOf(b) < 0).sort();
    if (unknown.length) throw inputError('unknown_benefit', 'unknown benefit ' + unknown[0], { benefit: unknown[0], known: BENEFITS.join(', ') });
  }

  // --- entry points -------------------------------------------------------------------------------
  function covers(R, on) {
    return (!R.valid_from || key(ymd(R.valid_from)) <= key(on)) && (!R.valid_until || key(on) <= key(ymd(R.valid_until)));
  }
  // The assessment as kitaforms.satzung.jsonio.assessment_to_json has it; throws a fee error (e.fee).
  function run(R, hh, on, opts) {
    const lang = opts.lang || 'de', t = new Trace(opts.explain !== false, opts.detail);
    checkHousehold(hh);
    if (!covers(R, on)) throw inputError('outside_validity', R.key + ' is not valid on ' + iso(on), { file: R.key, on: iso(on) });
    t.add('satzung', null, null, { title: R.title, valid: '', from: R.valid_from, until: R.valid_until });
    const income = determineIncome(R, hh, t, on);
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
  }
  function worded(R, e, lang) { // a fee error as {error: {code, kind, message, paragraph}}, worded in `lang`
    return { error: Object.assign({}, e.fee, { message: R ? errorText(R, e, lang) : e.fee.message }) };
  }
  function assess(R, hh, onText, options) {
    const opts = options || {};
    try {
      return run(R, hh, ymd(onText), opts);
    } catch (e) {
      if (e && e.fee) return worded(R, e, opts.lang || 'de');
      throw e;
    }
  }
  function select(list, kommune, onText) {
    const on = ymd(onText);
    return list.filter((R) => R.kommune === kommune && covers(R, on))[0] || null;
  }

  // --- fees over a period (kitaforms.satzung.timeline) --------------------------------------------
  const monthIndex = (d) => d[0] * 12 + d[1] - 1;
  const monthOf = (i) => [idiv(i, 12), (i % 12) + 1, 1];
  const monthText = (d) => iso(d).slice(0, 7);
  // The child as the engine sees it in the month with index i (the care booked then), or null when not in care.
  function inMonth(care, i) {
    if ((care.start && i < monthIndex(ymd(care.start))) || (care.end && i > monthIndex(ymd(care.end)))) return null;
    let careType = care.care_type || 'kita', hours = care.hours === undefined ? null : care.hours;
    (care.changes || []).slice().sort((a, b) => monthIndex(ymd(a.month)) - monthIndex(ymd(b.month))).forEach((c) => {
      if (monthIndex(ymd(c.month)) <= i) {
        careType = c.care_type || careType;
        hours = c.hours !== null && c.hours !== undefined ? c.hours : hours;
      }
    });
    return { birth_date: care.birth_date, care_type: careType, hours: hours, meals: !!care.meals };
  }
  function choose(list, on) { // the first of the Satzungen valid on the day
    const found = list.filter((R) => covers(R, on))[0];
    if (found) return found;
    const periods = list.map((R) => R.key + ' ' + (R.valid_from || '…') + '–' + (R.valid_until || '…')).sort().join(', ');
    throw inputError('no_satzung_on_date', 'no Satzung is valid on ' + iso(on), { kommune: list.length ? list[0].kommune : '', on: iso(on), periods: periods || '–' });
  }
  function feeChild(R, c) { // a child of the assessment as `kitaforms fee --json` numbers it
    const tb = table(R, c.care_type, 'fee');
    const br = tb && c.bracket !== null ? tb.brackets[c.bracket] : null;
    return {
      number: c.number, care_type: c.care_type, age_group: c.age_group, stufe: br ? (br.stufe !== null ? br.stufe : c.bracket + 1) : null,
      column: c.column === null || !tb || !tb.columns ? null : c.column + 1, single_fee: c.single_fee, fee: c.fee, meal_money: c.meal_money, free: c.free,
    };
  }
  function renumberStep(step, numbers) {
    if (step.child === null) return step;
    const params = Object.assign({}, step.params);
    ['child', 'other'].forEach((k) => { if (params[k]) params[k] = String(numbers[Number(params[k]) - 1]); });
    return Object.assign({}, step, { child: numbers[step.child - 1], params: params });
  }
  // The fee of every month from the month of `first` to the month of `last` ("YYYY-MM-DD"), as
  // kitaforms.satzung.jsonio.timeline_json: each month assessed on its first day under the first Satzung of
  // `list` valid then, with the children in care that month (household.children: birth_date, care_type, hours,
  // start, end, changes: [{month, care_type, hours}], meals). Options: lang, detail (default true).
  function timeline(list, hh, firstText, lastText, options) {
    const opts = Object.assign({ detail: true }, options || {}), lang = opts.lang || 'de';
    const rulesList = Array.isArray(list) ? list : list && list.satzungen ? list.satzungen : [list];
    let first, last;
    try {
      first = monthIndex(ymd(firstText));
      last = monthIndex(ymd(lastText));
      if (last < first) throw inputError('bad_period', 'the period is not valid', { first: monthPlain(first), last: monthPlain(last) });
      if (last - first + 1 > 240) throw inputError('bad_period', 'the period is too long', { count: last - first + 1, max: 240 }, 'bad_period_length');
    } catch (e) {
      if (e && e.fee) return worded(rulesList[0], e, lang);
      throw e;
    }
    const cares = hh.children || [], months = [], totals = cares.map(() => 0);
    let total = 0, meals = 0;
    for (let i = first; i <= last; i++) {
      const on = monthOf(i), present = [];
      cares.forEach((care, n) => { const c = inMonth(care, i); if (c) present.push([n + 1, c]); });
      const numbers = present.map((x) => x[0]);
      const month = { month: monthText(on), satzung: null, in_care: numbers };
      let R = null;
      try {
        R = choose(rulesList, on);
        month.satzung = R.key;
        if (!present.length) {
          Object.assign(month, { total: '0.00', meal_total: '0.00', children: [] });
        } else {
          const born = cares.filter((c) => key(ymd(c.birth_date)) <= key(on)).length;
          const today = Object.assign({}, hh, { children: present.map((x) => x[1]), children_in_household: hh.children_in_household || born });
          const r = run(R, today, on, { lang: lang, detail: opts.detail });
          const children = r.children.map((c) => feeChild(R, Object.assign({}, c, { number: numbers[c.number - 1] })));
          const explanation = r.explanation.map((s) => renumberStep(s, numbers)).map((s) => Object.assign(s, { text: render(R, s, lang) }));
          Object.assign(month, { total: r.total, meal_total: r.meal_total, income: r.income, children: children, explanation: explanation });
          total += cents(r.total);
          meals += cents(r.meal_total);
          children.forEach((c) => { totals[c.number - 1] += cents(c.fee); });
        }
      } catch (e) {
        if (!(e && e.fee)) throw e;
        if (e.params.child && numbers[Number(e.params.child) - 1]) e.params.child = numbers[Number(e.params.child) - 1];
        Object.assign(month, worded(R || rulesList[0], e, lang));
      }
      months.push(month);
    }
    return {
      from: monthText(monthOf(first)), until: monthText(monthOf(last)), complete: months.every((m) => !m.error),
      total: amountC(total), meal_total: amountC(meals), children: totals.map((c, n) => ({ number: n + 1, total: amountC(c) })), months: months,
    };
  }
  function monthPlain(i) { const d = monthOf(i); return String(d[1]).padStart(2, '0') + '/' + d[0]; }

  // The months worth explaining and their steps (kitaforms.satzung.timeline.changes): every step of the first
  // month with a fee (and of a month under another Satzung); later, the steps of what changed for a child.
  function changes(tl) {
    const found = [];
    let previous = null;
    (tl.months || []).forEach((m) => {
      if (!m.explanation) return;
      const steps = changedSteps(m, previous);
      if (steps.length) found.push({ month: m.month, steps: steps });
      previous = m;
    });
    return found;
  }
  function said(s) {
    return JSON.stringify([s.code, s.child, Object.keys(s.params).filter((k) => k !== 'on').sort().map((k) => [k, s.params[k]])]);
  }
  function state(m, n) {
    const c = m.children.filter((x) => x.number === n)[0];
    if (!c) return '["not_in_care"]';
    const sib = m.explanation.filter((s) => s.child === n && s.code.indexOf('sibling') === 0).map((s) => [s.code, s.params.position === undefined ? null : s.params.position]);
    return JSON.stringify([c.care_type, c.age_group, c.free, c.stufe, c.column, c.single_fee, c.fee, sib]);
  }
  function changedSteps(m, previous) {
    if (!previous || previous.satzung !== m.satzung) return m.explanation.slice();
    const all = m.in_care.concat(previous.in_care.filter((n) => m.in_care.indexOf(n) < 0));
    const changed = all.filter((n) => state(m, n) !== state(previous, n));
    const fresh = m.in_care.filter((n) => previous.in_care.indexOf(n) < 0);
    const seen = new Set(previous.explanation.map(said));
    const group = (x, n) => { const c = x.children.filter((y) => y.number === n)[0]; return c ? c.age_group : '\u0000'; };
    const regrouped = changed.filter((n) => group(m, n) !== group(previous, n));
    return m.explanation.filter((s) => fresh.indexOf(s.child) >= 0 || (changed.indexOf(s.child) >= 0 && (
      (!seen.has(said(s)) && (s.code !== 'age' || regrouped.indexOf(s.child) >= 0)) || s.code === 'child_fee')));
  }
  // The months in runs of the same fee (or of the same error) with what changed in them: [{from, until,
  // total|null, error|null, steps}]; the first run's steps are left out (its first month is explained whole).
  function periods(tl) {
    const notes = {};
    changes(tl).forEach((c, i) => { if (i) notes[c.month] = c.steps; });
    const runs = [];
    (tl.months || []).forEach((m) => {
      const value = m.error ? 'error:' + m.error.code + ':' + (m.error.message || '') : 'fee:' + m.total;
      const last = runs[runs.length - 1];
      if (last && last.value === value) last.until = m.month;
      else runs.push({ value: value, from: m.month, until: m.month, total: m.error ? null : m.total, error: m.error || null, steps: [] });
      runs[runs.length - 1].steps = runs[runs.length - 1].steps.concat(notes[m.month] || []);
    });
    return runs.map((r) => ({ from: r.from, until: r.until, total: r.total, error: r.error, steps: r.steps }));
  }

  // --- the income assistant's hook: einkommen form data → household → estimate --------------------
  // Fields of forms/nrw/einkommen.yaml → income kinds, as kitaforms.notice.declaration maps a stored declaration
  // (tests/notice/test_form_household.py compares the two): each parent is one custodian, a parent with
  // Beamtenbezüge is a Beamter, the Werbungskosten stated are the parent's (the Satzung deducts them).
  const FORM_INCOME = [
    ['lohn', 'nichtselbstaendig'], ['beamtenbezuege', 'nichtselbstaendig'], ['gewinn', 'selbstaendig'], ['steuerfrei', 'steuerfrei'],
    ['kapital', 'kapital'], ['vermietung', 'vermietung'], ['renten', 'sonstige'], ['lohnersatz', 'lohnersatz'],
    ['unterhalt', 'unterhalt'], ['sonstige', 'sonstige'],
  ];
  const PARENTS = ['einkommen1', 'einkommen2'];
  const BENEFIT_CODES = ['buergergeld', 'sozialhilfe', 'asylblg', 'wohngeld', 'kinderzuschlag', 'stadtpass'];
  const isBlock = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  function dec(v) { // a form amount (decimal string, or a number the runtime computed) → "123.45", or null
    if (v === null || v === undefined || v === '') return null;
    if (typeof v === 'number') return isFinite(v) ? v.toFixed(2) : null;
    return String(v).trim().replace(',', '.');
  }
  function formIncomes(e, person) {
    const items = FORM_INCOME.filter((f) => dec(e[f[0]]) !== null).map((f) => ({ kind: f[1], annual: dec(e[f[0]]), custodian: person }));
    if (dec(e.elterngeld_monatlich) !== null) {
      items.push({ kind: 'elterngeld', monthly: dec(e.elterngeld_monatlich), months: Number(e.elterngeld_monate || 12), custodian: person, elterngeld_plus: e.elterngeld_art === 'plus' });
    }
    return items;
  }
  function year(v) {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    return typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : null;
  }
  function householdFromForm(data) {
    const form = data || {}, way = form.erklaerungsweg, alternating = form.familiensituation === 'wechselmodell';
    const children = (form.kinder || []).filter((k) => k && k.geburtsdatum).map((k) => {
      const hours = [k.umfang, k.stunden_tagespflege].filter((h) => h !== null && h !== undefined && h !== '')[0];
      return {
        birth_date: k.geburtsdatum, care_type: String(k.betreuungsart || 'kita'), hours: hours === undefined ? null : String(hours).trim().replace(',', '.'),
        start: k.beginn || null, meals: false, end: k.ende || null,
      };
    });
    const hh = { children: children, incomes: [], custodians: [{ beamter: false, work_expenses: null }], provisional: true, alternating: alternating };
    if (way === 'hoechstbeitrag') return Object.assign(hh, { statement: false });
    if (way === 'leistungsbezug') return Object.assign(hh, { benefits: (form.leistung_art || []).filter((b) => BENEFIT_CODES.indexOf(b) >= 0).sort() });
    const blocks = PARENTS.map((p) => form[p]);
    while (blocks.length && !isBlock(blocks[blocks.length - 1])) blocks.pop();
    if (blocks.length) hh.custodians = blocks.map((e) => (isBlock(e) ? { beamter: dec(e.beamtenbezuege) !== null, work_expenses: dec(e.werbungskosten) } : { beamter: false, work_expenses: null }));
    blocks.forEach((e, person) => { if (isBlock(e)) hh.incomes = hh.incomes.concat(formIncomes(e, person)); });
    hh.income_year = year(form.bezugsjahr);
    return hh;
  }
  // What the estimate still needs before it means anything: a child (birth date), the way of declaring, and
  // with "angaben" an income (an amount, or "no income" declared).
  function missing(form, hh) {
    const need = [];
    if (!(form.kinder || []).some((k) => k && k.geburtsdatum && k.betreuungsart)) need.push('child');
    const way = form.erklaerungsweg;
    if (!way) need.push('way');
    else if (way === 'angaben') {
      const none = PARENTS.some((p) => isBlock(form[p]) && (form[p].arten || []).length === 1 && form[p].arten[0] === 'keine');
      if (!hh.incomes.length && !none) need.push('income');
    } else if (way === 'leistungsbezug' && !(hh.benefits || []).length) need.push('waiver');
    return need;
  }
  function todayIso() {
    const d = new Date();
    return iso([d.getFullYear(), d.getMonth() + 1, d.getDate()]);
  }
  // The months the estimate shows: from this month (or the first month of care, if later) through the current
  // and the next Kita year, longer until each child in a care type of KiBiz § 50 is free (that month included),
  // not after the end of every child's care; at most six years.
  function horizon(list, hh, todayText) {
    const today = monthIndex(ymd(todayText));
    const starts = hh.children.map((c) => (c.start ? monthIndex(ymd(c.start)) : today));
    const first = Math.max(today, Math.min.apply(null, starts));
    const firstDay = monthOf(first);
    let last = (firstDay[0] + (firstDay[1] >= 8 ? 2 : 1)) * 12 + 6;
    const R = list.filter((x) => covers(x, firstDay))[0];
    const k = R && R.fee_free.kibiz_50;
    if (k) {
      hh.children.filter((c) => k.care_types.indexOf(c.care_type) >= 0).forEach((c) => {
        const d = kibizDates(k, ymd(c.birth_date));
        last = Math.max(last, monthIndex(d[1]));
      });
    }
    if (hh.children.length && hh.children.every((c) => c.end)) last = Math.min(last, Math.max.apply(null, hh.children.map((c) => monthIndex(ymd(c.end)))));
    last = Math.max(first, Math.min(last, first + 71));
    return [iso(firstDay), iso(monthOf(last))];
  }
  // The estimate of the income form: {fee, total, month, explanation, timeline, periods} or {fee: null,
  // missing: [...]} while it lacks a child, the way of declaring or an income, or {fee: null, error}.
  function estimate(satzung, data, options) {
    const opts = options || {}, today = opts.today || todayIso(), lang = opts.lang || 'de', form = data || {};
    const list = (Array.isArray(satzung) ? satzung : satzung && satzung.satzungen ? satzung.satzungen : [satzung]).filter(Boolean);
    const hh = householdFromForm(form);
    const need = missing(form, hh);
    if (!list.length || need.length) return { fee: null, missing: need, explanation: [] };
    let span;
    try { span = horizon(list, hh, today); } catch (e) { if (e && e.fee) return { fee: null, missing: ['child'], explanation: [] }; throw e; }
    const tl = timeline(list, hh, span[0], span[1], { lang: lang, detail: true });
    const lines = (m) => (m.explanation || []).map((s) => ({ text: s.text, paragraph: s.paragraph }));
    if (tl.error) return { fee: null, error: tl.error, explanation: [{ text: tl.error.message, paragraph: tl.error.paragraph }] };
    const m = tl.months[0], out = { timeline: tl, periods: periods(tl), month: m.month };
    if (m.error) return Object.assign(out, { fee: null, error: m.error, explanation: [{ text: m.error.message, paragraph: m.error.paragraph }] });
    return Object.assign(out, { fee: Number(m.total), total: m.total, explanation: lines(m) });
  }
  function cellParams(tb, g, column, bracket, n) {
    const br = tb.brackets[bracket];
    return { child: n, table: tb.id, stufe: br.stufe !== null ? br.stufe : bracket + 1, group: g ? ', `' + g + '`' : '', column: column + 1 };
  }

  const api = {
    assess: assess, timeline: timeline, changes: changes, periods: periods, estimate: estimate, householdFromForm: householdFromForm,
    select: select, render: render, money: money, version: 1,
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (root) root.KitaFees = api;
})(typeof window !== 'undefined' ? window : null);
