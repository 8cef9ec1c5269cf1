// Runs the browser fee evaluator's timeline (and the months it explains) on many cases and prints JSON.
// Usage: node run_timeline.js cases.json [fees.js]
//   cases: {rules: {key: compiled}, cases: [{satzungen: [key…], household, first, last, lang}]}
// called by test_timeline_js.py with the fees.js the assistants ship.
'use strict';
const fs = require('fs');
const path = require('path');

const fees = require(path.resolve(process.argv[3] || path.join(__dirname, '../../renderers/default/static/js/fees.js')));
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = input.cases.map((c) => {
  try {
    const timeline = fees.timeline(c.satzungen.map((k) => input.rules[k]), c.household, c.first, c.last, { lang: c.lang || 'de' });
    return { timeline: timeline, changes: timeline.error ? [] : fees.changes(timeline) };
  } catch (err) {
    return { crash: String(err && err.stack ? err.stack : err) };
  }
});
process.stdout.write(JSON.stringify(results));
