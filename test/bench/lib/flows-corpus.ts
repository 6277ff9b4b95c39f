// The flows benchmarks' corpus: datagrams of real exporters (softflowd, pmacctd) captured
// by scripts/flows/make-corpus.mjs. flows-decode and flows-e2e share one directory, so
// they share one recipe too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The corpus directory unless `--corpus` says otherwise. */
export const DEFAULT_FLOWS_CORPUS = process.env['FLOWS_CORPUS_DIR'] ?? join(tmpdir(), 'podium-flows-corpus-v1');

/** Make the corpus in `dir` unless it is there already. `bench` names the benchmark in messages. */
export function ensureFlowsCorpus(dir: string, bench: string): void {
  if (existsSync(join(dir, 'corpus.json'))) return;
  // Run from the repository root (scripts/bench.mjs does).
  const script = join(process.cwd(), 'scripts/flows/make-corpus.mjs');
  console.log(`${bench}: making the corpus in ${dir} (softflowd, pmacctd, tcpdump; ≈ 20 s)…`);
  const r = spawnSync(process.execPath, [script, '--out', dir, '--flows', '50000', '--packets', '400000', '--seed', '3',
    '--sflow-rate', '1', '--ipfix-rate', '1', '--only', 'netflow9,ipfix,sflow'], { stdio: 'inherit', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${bench}: could not make the corpus`);
}
