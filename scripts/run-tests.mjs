#!/usr/bin/env node
/**
 * Runs the test suites with node's test runner through tsx. Node 20's runner takes no
 * globs, so this finds the files: unit tests live beside the code (src/**\/*.test.ts[x]),
 * integration tests in test/integration, browser tests in test/e2e.
 *
 *   node scripts/run-tests.mjs [unit|integration|e2e|all] [-- extra node args]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SUITES = {
  unit: ['src', 'test/unit'],
  integration: ['test/integration', 'test/security'],
  e2e: ['test/e2e'],
};

function findTests(dir) {
  const abs = path.join(ROOT, dir);
  let entries;
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(abs, name);
    if (statSync(full).isDirectory()) return findTests(path.join(dir, name));
    return /\.test\.tsx?$/.test(name) ? [path.join(dir, name)] : [];
  });
}

const [which = 'all', ...rest] = process.argv.slice(2);
const names = which === 'all' ? Object.keys(SUITES) : [which];
if (!names.every((n) => n in SUITES)) {
  console.error(`unknown suite "${which}"; use one of: ${[...Object.keys(SUITES), 'all'].join(', ')}`);
  process.exit(2);
}

let failed = false;
for (const name of names) {
  const files = SUITES[name].flatMap(findTests).sort();
  if (files.length === 0) {
    console.error(`no ${name} tests found`);
    failed = true;
    continue;
  }
  console.log(`\n== ${name} tests (${files.length} files) ==`);
  const extra = rest.filter((a) => a !== '--');
  // Browser tests each start Chromium; run those files one at a time. Other files each
  // own their database, so two run at once (node 20 would otherwise use cores - 1).
  const concurrency = [`--test-concurrency=${name === 'e2e' ? 1 : 2}`];
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...concurrency, ...extra, ...files],
    { cwd: ROOT, stdio: 'inherit', env: process.env },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
