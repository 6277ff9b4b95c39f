// Where the flow workers' scripts are: beside this file when running compiled (dist/), or
// in dist/ when the core runs from source (the tests build dist/ first) or from a partial
// compilation that left them out (the benchmarks' cache).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../host/version.js';

export function workerScript(rel: string): string {
  const here = fileURLToPath(import.meta.url);
  const beside = join(here, '..', rel);
  if (!here.endsWith('.ts') && existsSync(beside)) return beside;
  return join(ROOT, 'dist', 'core', 'flows', rel);
}
