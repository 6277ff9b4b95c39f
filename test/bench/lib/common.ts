// Small helpers shared by the benchmarks: percentiles, timing, a spawned `podium serve`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../../core/host/version.js';

export { ROOT };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

export function tempData(): string {
  return mkdtempSync(join(tmpdir(), 'podium-bench-'));
}

/** Spawn `podium serve` and resolve with its URL once printed. */
export function spawnServe(dataDir: string, extra: string[] = []): { proc: ChildProcess; url: Promise<string> } {
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'podium.js'), 'serve', '--port', '0', '--data', dataDir, ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PODIUM_LOG: 'warn' },
  });
  let out = '';
  const url = new Promise<string>((res, rej) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open\s+(http:\/\/\S+)/.exec(out);
      if (m?.[1]) res(m[1]);
    });
    proc.once('exit', (c) => rej(new Error(`podium serve exited (${c}): ${out}`)));
  });
  return { proc, url };
}

export async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

export function header(title: string): void {
  console.log(`\n== ${title} ==`);
}
