// Runs the browser runtime's modules that need no page (values.js, checks.js) in node.
// Usage: node run_modules.js input.json  with {"K": <the page's kf-data>, "labels": {id: label},
//   "cases": [{"field", "typed"}]}
// (typed: the input's text, or the texts of a date's/month's inputs); prints for each case
// {"value": what the runtime sends, "problems": [[code, message], …]}. Called by test_runtime_modules.py.
'use strict';
const fs = require('fs');
const path = require('path');

const JS = path.join(__dirname, '../../renderers/default/static/js');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const kf = { K: input.K, labelOf: (el) => (input.labels || {})[el.id] || el.id, instances: () => {} };
Object.assign(kf, require(path.join(JS, 'values.js'))(kf));
Object.assign(kf, require(path.join(JS, 'checks.js'))(kf));

const elements = {};
input.K.steps.forEach((s) => s.els.forEach((el) => { elements[el.id] = el; }));
function answer(el, typed) {
  if (el.t === 'date') return kf.dateFrom(typed[0], typed[1], typed[2]);
  if (el.t === 'month') return kf.monthFrom(typed[0], typed[1]);
  return kf.fromText(el, typed);
}
const out = input.cases.map((c) => {
  const el = elements[c.field];
  const value = answer(el, c.typed);
  return { value, problems: kf.problems(el, value, !!el.r).map((e) => [e[0], kf.message(e[0], el, c.field, e[1])]) };
});
process.stdout.write(JSON.stringify(out));
