// Writes renderers/default/static/css/kern.css: the KERN UX look of the assistants, compiled by sass from
// renderers/default/scss/kern.scss with KERN's own SCSS sources (@kern-ux/native, EUPL-1.2) on the load path.
//
// Only what the SCSS asks for is built: its rules use KERN's mixins (typography, focus, forced colours) and
// KERN's design tokens as var(--kern-…). The tokens are resolved here from KERN's token sources (light theme,
// level 0) to plain values, colours as #rrggbb (KERN writes them in OKLCH), so the file carries no token
// table; the few tokens whose value changes at KERN's md breakpoint stay custom properties with both values.
//
//   node tools/build-css.mjs            rewrite kern.css
//   node tools/build-css.mjs --check    exit 1 if kern.css is not what its sources give
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as sass from 'sass';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const theme = join(root, 'renderers', 'default');
const source = join(theme, 'scss', 'kern.scss');
const target = join(theme, 'static', 'css', 'kern.css');
const require = createRequire(import.meta.url);
const kernDir = dirname(require.resolve('@kern-ux/native/package.json'));
const kern = JSON.parse(readFileSync(join(kernDir, 'package.json'), 'utf8'));
const kernScss = join(kernDir, 'src', 'scss');
const sassVersion = sass.info.split('\t')[1];

// --- KERN's tokens ---------------------------------------------------------------------------------
// The rules of a compiled style sheet as [context, selector, declarations]; context is the enclosing
// at-rule ('' at top level). Enough for sass's expanded output of KERN's token files.
function rules(css) {
  const out = [];
  const stack = [];
  let buffer = '';
  let depth = 0;
  for (const ch of css.replace(/\/\*[\s\S]*?\*\//g, '')) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '{' && depth === 0) {
      stack.push({ head: buffer.trim(), body: '' });
      buffer = '';
    } else if (ch === '}' && depth === 0) {
      const block = stack.pop();
      block.body += buffer;
      buffer = '';
      if (!block.head.startsWith('@')) {
        const context = stack.map((b) => b.head).filter((h) => h.startsWith('@')).join(' ');
        out.push([context, block.head, declarations(block.body)]);
      }
    } else if (ch === ';' && depth === 0) {
      if (stack.length) stack[stack.length - 1].body += buffer + ';';
      buffer = '';
    } else buffer += ch;
  }
  return out;
}

function declarations(body) {
  const found = {};
  for (const part of body.split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0) found[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return found;
}

// name → value for the light theme at level 0 on small screens (base), and the values KERN changes from
// its md breakpoint on (wide)
function kernTokens() {
  const css = sass.compileString('@use "core/tokens"; @use "core/layers/levels";', { loadPaths: [kernScss] }).css;
  const base = {};
  const wide = {};
  for (const [context, selector, found] of rules(css)) {
    const custom = Object.fromEntries(Object.entries(found).filter(([name]) => name.startsWith('--kern-')));
    if (context === '' && selector === ':root') Object.assign(base, custom);
    else if (context === '' && selector.split(',').map((s) => s.trim()).includes('.kern-light')) Object.assign(base, custom);
    else if (context === '' && selector.startsWith(':is(body')) Object.assign(base, custom);
    else if (/^@media \(min-width: 768px\)/.test(context) && selector === ':root') Object.assign(wide, custom);
  }
  return { base, wide };
}

// --- values ------------------------------------------------------------------------------------------
// every var(--kern-…[, fallback]) in text, with its name and where it ends (parentheses balanced)
function* kernVars(text) {
  let from = 0;
  for (;;) {
    const start = text.indexOf('var(--kern-', from);
    if (start < 0) return;
    let depth = 0;
    let end = start;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      if (text[end] === ')' && --depth === 0) break;
    }
    const inner = text.slice(start + 4, end);
    const comma = inner.indexOf(',');
    yield { start, end: end + 1, name: (comma < 0 ? inner : inner.slice(0, comma)).trim() };
    from = end + 1;
  }
}

function substitute(text, value) {
  let out = '';
  let at = 0;
  for (const found of kernVars(text)) {
    out += text.slice(at, found.start) + value(found.name);
    at = found.end;
  }
  return out + text.slice(at);
}

// OKLCH (Björn Ottosson) → sRGB #rrggbb, the same transform as kitaforms.contrast
function oklchToHex(l, c, h) {
  const a = c * Math.cos((h * Math.PI) / 180);
  const b = c * Math.sin((h * Math.PI) / 180);
  const l_ = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m_ = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s_ = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const linear = [
    4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
    -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
    -0.0041960863 * l_ - 0.7034186147 * m_ + 1.707614701 * s_,
  ];
  const gamma = (v) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
  const byte = (v) => Math.round(Math.min(Math.max(gamma(v), 0), 1) * 255).toString(16).padStart(2, '0');
  return '#' + linear.map(byte).join('');
}

function plainColours(value) {
  return value
    .replace(/oklch\(\s*([\d.]+)%\s+([\d.]+)\s+([\d.]+)\s*\)/g, (_, l, c, h) => oklchToHex(l / 100, +c, +h))
    .replace(/^#fff$/i, '#ffffff').replace(/^#000$/, '#000000');
}

function resolver({ base, wide }, own) {
  const kept = new Set(); // tokens that change at the breakpoint: they stay custom properties
  const resolve = (name, seen = []) => {
    if (seen.includes(name)) throw new Error(`KERN token cycle: ${[...seen, name].join(' → ')}`);
    if (!(name in base)) throw new Error(`no KERN token ${name} in @kern-ux/native ${kern.version}`);
    return plainColours(substitute(base[name], (inner) => resolve(inner, [...seen, name])));
  };
  const value = (name) => {
    if (own.has(name)) return `var(${name})`; // set by the theme itself (in its :root)
    if (name in wide) {
      kept.add(name);
      return `var(${name})`;
    }
    return resolve(name);
  };
  const table = () => {
    const names = [...kept].sort();
    const list = (pick) => names.map((n) => `  ${n}: ${pick(n)};`).join('\n');
    const wideValue = (n) => plainColours(substitute(wide[n], (inner) => resolve(inner)));
    return `:root {\n${list(resolve)}\n}\n@media (min-width: 48em) {\n  :root {\n${list(wideValue).replace(/^/gm, '  ')}\n  }\n}\n`;
  };
  return { value, table, kept };
}

// --- the file ------------------------------------------------------------------------------------------
function build() {
  const compiled = sass.compile(source, { loadPaths: [kernScss], style: 'expanded', charset: false, quietDeps: true }).css
    .replace(/\/\*[\s\S]*?\*\/\n?/g, ''); // KERN's file headers
  const own = new Set(rules(compiled).filter(([context, selector]) => context === '' && selector === ':root')
    .flatMap(([, , found]) => Object.keys(found).filter((name) => name.startsWith('--kern-'))));
  const tokens = resolver(kernTokens(), own);
  const body = substitute(compiled, tokens.value);
  const header = `/*! KERN UX ${kern.version} - kern-ux.de - ${kern.license} - selected tokens and components */\n` +
    `/* Generated by tools/build-css.mjs from renderers/default/scss/kern.scss with the SCSS sources of\n` +
    `   ${kern.name} ${kern.version} (licence ${kern.license}) and sass ${sassVersion}. Do not edit: change the\n` +
    `   SCSS and run \`make css\`. */\n`;
  return header + (tokens.kept.size ? tokens.table() : '') + body.trim() + '\n';
}

const text = build();
if (/var\(--kern-/.test(text.replace(/var\(--kern-[\w-]+\)/g, (m) => (text.includes(`${m.slice(4, -1)}:`) ? '' : m)))) {
  console.error('kern.css: a KERN token is left unresolved');
  process.exit(1);
}
if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (current !== text) {
    console.error('out of date: renderers/default/static/css/kern.css; run: make css');
    process.exit(1);
  }
} else if (!existsSync(target) || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
