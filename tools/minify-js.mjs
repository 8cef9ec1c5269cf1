// Writes renderers/<theme>/static/js/min/<name>.js: each runtime file minified by terser
// (compress + local-name mangling; global names such as KitaExpr and KitaFees stay).
// The first line records the sha256 of the source it was made from; kitaforms.render uses a
// minified file only while that hash matches, so an edited source is never shipped stale.
//
//   node tools/minify-js.mjs            rewrite the minified files
//   node tools/minify-js.mjs --check    exit 1 if one is missing or out of date
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jsDir = join(root, 'renderers', 'default', 'static', 'js');
const outDir = join(jsDir, 'min');
const version = createRequire(import.meta.url)('terser/package.json').version;
const OPTIONS = {
  ecma: 2017,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false, ascii_only: false },
};

async function minified(name) {
  const source = readFileSync(join(jsDir, name));
  const hash = createHash('sha256').update(source).digest('hex');
  const result = await minify(source.toString('utf8'), OPTIONS);
  return `/*! kitaforms ${name} sha256=${hash} terser=${version} */\n${result.code}\n`;
}

const check = process.argv.includes('--check');
const stale = [];
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(jsDir).filter((n) => n.endsWith('.js')).sort()) {
  const target = join(outDir, name);
  const text = await minified(name);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (current === text) continue;
  if (check) stale.push(name);
  else writeFileSync(target, text);
}
if (stale.length) {
  console.error(`out of date: ${stale.map((n) => 'static/js/min/' + n).join(', ')}; run: make assets`);
  process.exit(1);
}
