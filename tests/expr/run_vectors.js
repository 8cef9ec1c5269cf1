// Evaluates JSON ASTs with the browser runtime and prints the results as JSON.
// Usage: node run_vectors.js cases.json  (cases: [{ast, data, today}, ...]); called by test_expr_vectors.py.
'use strict';
const fs = require('fs');
const path = require('path');

const runtime = require(path.join(__dirname, '../../renderers/default/static/js/expr.js'));
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = cases.map((c) => {
  try {
    return { value: runtime.evaluate(c.ast, { data: c.data, today: c.today }) };
  } catch (err) {
    return { error: String(err && err.stack ? err.stack : err) };
  }
});
process.stdout.write(JSON.stringify(results));
