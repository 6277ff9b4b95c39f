#!/usr/bin/env node
// Runs Podium's benchmarks: compiles test/bench/*.ts (and the core code they import)
// with tsc into node_modules/.cache/podium-bench, then runs each with plain node.
//
//   npm run bench                       every benchmark
//   npm run bench -- flows-decode ...   one benchmark (extra arguments are passed on)
//
// Benchmarks print figures; they assert nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'podium-bench');
const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'test', 'bench', 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const [only, ...rest] = process.argv.slice(2);
const names = readdirSync(join(root, 'test', 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .filter((n) => !only || only.startsWith('-') || n === only);
let failed = 0;
for (const name of names) {
  const js = join(out, 'test', 'bench', `${name}.js`);
  if (!existsSync(js)) { console.error(`bench: ${js} missing`); failed++; continue; }
  console.log(`\n== ${name} ==`);
  const args = only && !only.startsWith('-') ? rest : process.argv.slice(2);
  const r = spawnSync(process.execPath, [js, ...args], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
