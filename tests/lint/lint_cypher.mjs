// Lint every cypher/*.cypher file with Neo4j's own Cypher linter
// (@neo4j-cypher/language-support, pinned in package.json) and print one JSON
// report on stdout:
//
//   {"linter": "...", "files": [{"file", "statements", "diagnostics": [
//       {"severity": "error"|"warning"|..., "message", "line", "column", "statement"}]}],
//    "skipped": [{"file", "reason"}]}
//
// Lines and columns are 1-based positions in the file. Multi-statement files
// (schema DDL) are split on ';' outside strings, identifiers and comments.
// *.falkordb.cypher files hold FalkorDB-only DDL that is not Neo4j Cypher, so
// they are skipped here (and listed under "skipped"); the test suite runs them
// against the embedded store instead.
//
// Usage: node tests/lint/lint_cypher.mjs [CYPHER_DIR]

import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const here = dirname(fileURLToPath(import.meta.url));
const cypherDir = resolve(process.argv[2] ?? join(here, '..', '..', 'cypher'));
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** Split text into statements at ';' outside strings, backticks and comments. */
function splitStatements(text) {
  const out = [];
  let start = 0;
  let i = 0;
  let state = 'code';
  const push = (end) => {
    const body = text.slice(start, end);
    // Keep a statement only if something other than comments and blanks is left.
    const code = body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    if (code.trim()) out.push({ offset: start, text: body });
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (state === 'code') {
      if (c === "'" || c === '"' || c === '`') state = c;
      else if (c === '/' && next === '/') { state = 'line'; i += 1; }
      else if (c === '/' && next === '*') { state = 'block'; i += 1; }
      else if (c === ';') { push(i); start = i + 1; }
    } else if (state === 'line') {
      if (c === '\n') state = 'code';
    } else if (state === 'block') {
      if (c === '*' && next === '/') { state = 'code'; i += 1; }
    } else if (c === '\\' && state !== '`') {
      i += 1; // skip the escaped character inside a string
    } else if (c === state) {
      state = 'code';
    }
    i += 1;
  }
  push(text.length);
  return out;
}

function position(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const report = {
  linter: '@neo4j-cypher/language-support',
  cypherDir,
  files: [],
  skipped: [],
};

const names = readdirSync(cypherDir).filter((n) => n.endsWith('.cypher')).sort();
for (const name of names) {
  if (name.endsWith('.falkordb.cypher')) {
    report.skipped.push({ file: name, reason: 'FalkorDB-specific form, not Neo4j Cypher' });
    continue;
  }
  const text = readFileSync(join(cypherDir, name), 'utf8');
  const statements = splitStatements(text);
  const diagnostics = [];
  statements.forEach((stmt, index) => {
    const result = lintCypherQuery(stmt.text, {});
    for (const d of result.diagnostics) {
      const at = position(text, stmt.offset + (d.offsets?.start ?? 0));
      diagnostics.push({
        severity: SEVERITY[d.severity] ?? String(d.severity),
        message: d.message,
        line: at.line,
        column: at.column,
        statement: index + 1,
      });
    }
  });
  report.files.push({ file: name, statements: statements.length, diagnostics });
}

process.stdout.write(JSON.stringify(report, null, 1) + '\n');
