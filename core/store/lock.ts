// One Podium host per data directory: a lock file holding the owner's pid. A lock left by
// a process that no longer runs is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors.js';

export interface LockInfo {
  pid: number;
  startedAt: string;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, 'podium.lock');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && alive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

export function acquireLock(dataDir: string): () => void {
  const path = lockPath(dataDir);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info) + '\n');
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError('DATA_DIR', `cannot write the lock file ${path}: ${(e as Error).message}`);
      }
      const owner = readLock(dataDir);
      if (owner) {
        throw new StoreError(
          'IN_USE',
          `the data directory ${dataDir} is in use by another Podium (pid ${owner.pid}, started ${owner.startedAt}); stop it, or choose another directory with --data`,
          { pid: owner.pid },
        );
      }
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new StoreError('IN_USE', `could not take the lock ${path}`);
}
