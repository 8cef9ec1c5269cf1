// An independent JSON Schema implementation for the test suite: ajv (draft 2020-12, default options,
// i.e. strict mode), as a form server in JavaScript would use it.
//
// stdin:  {"jobs": [{"id": "...", "schema": {...}, "instances": [...]}, ...]}
// stdout: {"results": [{"id": "...", "compiled": true, "error": null, "warnings": [...], "valid": [true, ...]}]}
import Ajv2020 from "ajv/dist/2020.js";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { text += chunk; });
  process.stdin.on("end", () => resolve(text));
}));

const results = input.jobs.map((job) => {
  const warnings = [];
  const ajv = new Ajv2020({ logger: { log() {}, warn: (m) => warnings.push(String(m)), error: (m) => warnings.push(String(m)) } });
  let validate;
  try {
    validate = ajv.compile(job.schema);
  } catch (error) {
    return { id: job.id, compiled: false, error: String(error.message), warnings, valid: [] };
  }
  const valid = job.instances.map((instance) => validate(instance) === true);
  return { id: job.id, compiled: true, error: null, warnings, valid };
});
process.stdout.write(JSON.stringify({ results }));
