// Before any test: build what changed (tsc → dist/, the renderer → dist/renderer), once
// for the whole run, so tests that start `podium` as a process run the code under test.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed: see above');
}
