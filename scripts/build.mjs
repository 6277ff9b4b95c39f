#!/usr/bin/env node
// Builds Podium: the Node and Electron code (tsc → dist/) and the renderer (Vite →
// dist/renderer). With --if-stale it does nothing when dist/ is newer than every source.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
const sources = ['core', 'electron', 'renderer', 'assets', 'native', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  if (Math.max(...sources.map((s) => newest(join(root, s)))) <= built) process.exit(0);
}

function run(label, cmd, args, env = process.env) {
  const t0 = Date.now();
  process.stderr.write(`podium build: ${label}…\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    process.stderr.write(`podium build: ${label} failed\n`);
    process.exit(r.status ?? 1);
  }
  process.stderr.write(`podium build: ${label} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
run('core and electron (tsc)', bin('tsc'), ['-p', 'tsconfig.json']);
buildFlowsReceiver();
// Always the product's build, whoever calls (vitest sets NODE_ENV=test, which would make
// React's development build).
run('renderer (vite)', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { ...process.env, NODE_ENV: 'production' });
mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, new Date().toISOString() + '\n');

// The flow collector's batched UDP receiver, a small Node-API addon in C. Optional: where
// no C compiler or Node headers are found the collector reads with Node's dgram instead.
function buildFlowsReceiver() {
  const src = join(root, 'native', 'flows-recv', 'recv.c');
  const out = join(root, 'dist', 'native', 'flows-recv.node');
  const include = [process.env.npm_config_nodedir, dirname(dirname(process.execPath))]
    .filter(Boolean)
    .map((d) => join(d, 'include', 'node'))
    .find((d) => existsSync(join(d, 'node_api.h')));
  if (process.platform !== 'linux' || !existsSync(src) || !include) {
    process.stderr.write('podium build: flows receiver skipped (Linux, a C compiler and Node headers needed); the collector uses dgram\n');
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  const t0 = Date.now();
  const r = spawnSync('cc', ['-O2', '-Wall', '-shared', '-fPIC', '-I', include, '-DNODE_GYP_MODULE_NAME=flows_recv', src, '-o', out], { stdio: 'inherit' });
  if (r.status !== 0) process.stderr.write('podium build: flows receiver failed to compile; the collector uses dgram\n');
  else process.stderr.write(`podium build: flows receiver (cc) done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
