// Drives yaml-language-server (the engine of VS Code's YAML extension) as a library for
// tests/editor/test_editor_completion.py: completion labels at a cursor, and diagnostics of files.
// Input (stdin, JSON): {"schema": "/abs/overlay.schema.json", "cases": [{"uri", "text", "line", "character"}],
//                       "validate": [{"uri", "text"}]}
// Output (stdout, JSON): {"completions": [[label, …], …], "diagnostics": [[message, …], …]}
import { readFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';

const input = JSON.parse(readFileSync(0, 'utf-8'));
const schemaUri = pathToFileURL(input.schema).href;
const service = getLanguageService({
  schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf-8'),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});
service.configure({ validate: true, completion: true, hover: false, schemas: [{ uri: schemaUri, fileMatch: ['*.yaml'] }] });

const completions = [];
// the service caches parsed documents by URI and version: each completion case gets its own URI
let serial = 0;
const fresh = (uri) => uri.replace(/^file:\/\/\//, `file:///case-${serial++}/`);
for (const c of input.cases || []) {
  const doc = TextDocument.create(fresh(c.uri), 'yaml', 1, c.text);
  const list = await service.doComplete(doc, { line: c.line, character: c.character }, false);
  completions.push(list.items.map((item) => item.label));
}
const diagnostics = [];
for (const v of input.validate || []) {
  const doc = TextDocument.create(v.uri, 'yaml', 1, v.text);  // its real place: the modeline's relative path resolves
  const found = await service.doValidation(doc, false);
  diagnostics.push(found.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`));
}
process.stdout.write(JSON.stringify({ completions, diagnostics }));
