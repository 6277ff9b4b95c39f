// Where the flow workers' scripts are: beside this file when running compiled (dist/), or
// in dist/ when the core runs from source (the tests build dist/ first).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../host/version.js';

export function workerScript(rel: string): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return join(ROOT, 'dist', 'core', 'flows', rel);
  return join(here, '..', rel);
}
