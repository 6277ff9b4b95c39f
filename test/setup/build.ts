// Before any test: build what changed (tsc → dist/, the renderer → dist/renderer), once
// for the whole run, so tests that start `podium` as a process run the code under test.
// Then give the tests a home of their own: shells, ssh and the tools they start read no
// dotfiles of the person running them (a slow or locked ~/.bashrc must not hang a test).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = join(import.meta.dirname, '..', '..');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed: see above');
  const home = mkdtempSync(join(tmpdir(), 'podium-test-home-'));
  process.env['HOME'] = home;
  return () => rmSync(home, { recursive: true, force: true });
}
