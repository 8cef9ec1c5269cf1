// Runs the browser fee evaluator on many households and prints the results as JSON.
// Usage: node run_fees.js cases.json [fees.js]  (cases: {rules: {key: compiled}, cases: [{rules, household, on, lang}]});
// called by test_js_equivalence.py with the fees.js the assistants ship (terser-minified).
'use strict';
const fs = require('fs');
const path = require('path');

const fees = require(path.resolve(process.argv[3] || path.join(__dirname, '../../renderers/default/static/js/fees.js')));
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = input.cases.map((c) => {
  try {
    return fees.assess(input.rules[c.rules], c.household, c.on, { lang: c.lang || 'de', explain: c.explain !== false });
  } catch (err) {
    return { crash: String(err && err.stack ? err.stack : err) };
  }
});
process.stdout.write(JSON.stringify(results));
