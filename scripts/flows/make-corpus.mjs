#!/usr/bin/env node
// Makes capture corpora of real exporter datagrams for Podium's flow decoders:
//   1. a deterministic traffic capture (gen-traffic.mjs),
//   2. softflowd exports it as NetFlow v5, v9 and IPFIX, pmacctd (sfprobe) as sFlow v5,
//      each to a loopback UDP port,
//   3. tcpdump on `lo` captures the export datagrams, one capture per protocol.
//
//   node scripts/flows/make-corpus.mjs --out DIR [--flows N] [--packets N] [--seed S]
//        [--only netflow5,netflow9,ipfix,sflow] [--sflow-rate N] [--ipfix-rate N]
//
// Writes DIR/traffic.pcap, DIR/<proto>.pcap and DIR/corpus.json (what was made, ports,
// tcpdump drop counts). Needs root (tcpdump on lo) and softflowd, pmacct, tcpdump.
// Traffic goes to 127.0.0.1 only; every wait is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { generate } from './gen-traffic.mjs';


function parseArgs(argv) {
  const o = { out: '', flows: 300, packets: 2400, seed: 7, only: ['netflow5', 'netflow9', 'ipfix', 'sflow'], sflowRate: 4, ipfixRate: 4 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    if (a === '--out') { o.out = v; i++; }
    else if (a === '--flows') { o.flows = Number(v); i++; }
    else if (a === '--packets') { o.packets = Number(v); i++; }
    else if (a === '--seed') { o.seed = Number(v); i++; }
    else if (a === '--only') { o.only = v.split(','); i++; }
    else if (a === '--sflow-rate') { o.sflowRate = Number(v); i++; }
    else if (a === '--ipfix-rate') { o.ipfixRate = Number(v); i++; }
    else throw new Error(`make-corpus: unknown argument ${a}`);
  }
  if (!o.out) throw new Error('make-corpus: --out DIR is required');
  return o;
}

/** A free UDP port on 127.0.0.1 (nothing listens there during the capture). */
async function freePort() {
  const s = createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Start tcpdump on lo for one UDP port; resolves once it is listening. */
export async function startCapture(file, port) {
  const p = spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-U', '-B', '131072', '-s', '0', '-Z', 'root', '-w', file,
    `udp and dst host 127.0.0.1 and dst port ${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => { err += d; });
  const t0 = Date.now();
  while (!err.includes('listening on')) {
    if (p.exitCode !== null) throw new Error(`tcpdump exited: ${err}`);
    if (Date.now() - t0 > 10_000) { p.kill('SIGKILL'); throw new Error('tcpdump did not start within 10 s'); }
    await sleep(50);
  }
  return {
    async stop() {
      await sleep(700); // let the last datagrams reach the capture
      p.kill('SIGINT');
      const t1 = Date.now();
      while (p.exitCode === null && Date.now() - t1 < 10_000) await sleep(50);
      if (p.exitCode === null) p.kill('SIGKILL');
      const m = /(\d+) packets captured[\s\S]*?(\d+) packets dropped by kernel/.exec(err);
      return { captured: m ? Number(m[1]) : -1, dropped: m ? Number(m[2]) : -1 };
    },
  };
}

/**
 * Run a command (in its own process group) to completion within `ms`; with `poke`,
 * call it every 300 ms meanwhile; with `doneWhen`, stop the group (SIGINT) once its
 * output matches and `settleMs` has passed.
 */
async function runBounded(cmd, args, ms, { poke, doneWhen, settleMs = 2000 } = {}) {
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { out += d; });
  const group = (sig) => { try { process.kill(-p.pid, sig); } catch { /* gone */ } };
  const t0 = Date.now();
  let doneAt = 0;
  while (p.exitCode === null && p.signalCode === null) {
    if (Date.now() - t0 > ms) {
      group('SIGKILL');
      throw new Error(`${cmd} did not finish within ${ms} ms:\n${out}`);
    }
    await sleep(300);
    if (poke && p.exitCode === null) poke();
    if (doneWhen && !doneAt && doneWhen.test(out)) doneAt = Date.now();
    if (doneAt && Date.now() - doneAt > settleMs) {
      group('SIGINT');
      const t1 = Date.now();
      while (p.exitCode === null && p.signalCode === null && Date.now() - t1 < 5000) await sleep(100);
      group('SIGKILL');
      break;
    }
  }
  return { code: p.exitCode, out };
}

/** softflowd exports `traffic` as NetFlow `version` to 127.0.0.1:`to` (a free port when not given), captured into `file`. */
export async function softflowd(dir, traffic, version, file, extraArgs, to) {
  const port = to ?? await freePort();
  const ctl = join(dir, `softflowd-${version}.ctl`);
  const pid = join(dir, `softflowd-${version}.pid`);
  const cap = await startCapture(file, port);
  try {
    const r = await runBounded('softflowd', ['-r', traffic, '-n', `127.0.0.1:${port}`, '-v', String(version),
      '-c', ctl, '-p', pid, '-a', '-m', '262144', '-d', ...extraArgs], 300_000,
      { poke: () => spawnSync('softflowctl', ['-c', ctl, 'statistics'], { stdio: 'ignore', timeout: 2000 }) });
    const m = /Flows exported: (\d+)/.exec(r.out);
    return { port, exported: m ? Number(m[1]) : null, ...(await cap.stop()) };
  } catch (e) {
    await cap.stop();
    throw e;
  } finally {
    rmSync(ctl, { force: true });
    rmSync(pid, { force: true });
  }
}

/** pmacctd's sfprobe exports `traffic` as sFlow v5 to 127.0.0.1:`to` (a free port when not given), captured into `file`. */
export async function pmacctSflow(dir, traffic, file, rate, to) {
  const port = to ?? await freePort();
  const conf = join(dir, 'pmacctd-sfprobe.conf');
  writeFileSync(conf, [
    'daemonize: false',
    `pcap_savefile: ${traffic}`,
    'pcap_savefile_wait: true',
    'plugins: sfprobe',
    `sfprobe_receiver: 127.0.0.1:${port}`,
    'sfprobe_agentip: 127.0.0.1',
    `sampling_rate: ${rate}`,
    'plugin_pipe_size: 268435456',
    'plugin_buffer_size: 65536',
    '',
  ].join('\n'));
  const cap = await startCapture(file, port);
  try {
    // With pcap_savefile_wait pmacctd stays up after the file so its plugin can flush:
    // stop it once it says the file is read and the plugin has had time to export.
    await runBounded('pmacctd', ['-f', conf], 300_000, { doneWhen: /finished reading PCAP capture file/, settleMs: 3000 });
    return { port, ...(await cap.stop()) };
  } catch (e) {
    await cap.stop();
    throw e;
  } finally {
    rmSync(conf, { force: true });
  }
}

async function makeCorpus(opts) {
  for (const t of ['tcpdump', 'softflowd', 'softflowctl', 'pmacctd']) {
    if (!which(t)) throw new Error(`make-corpus: ${t} is not installed (apt-get install softflowd pmacct tcpdump)`);
  }
  const dir = resolve(opts.out);
  mkdirSync(dir, { recursive: true });
  const traffic = join(dir, 'traffic.pcap');
  const gen = generate({ out: traffic, flows: opts.flows, packets: opts.packets, seed: opts.seed, start: Date.UTC(2026, 0, 15, 12, 0, 0) });
  const { out: _out, ...params } = opts;
  const made = { params, traffic: { file: 'traffic.pcap', ...gen }, captures: {} };
  const add = (name, file, r) => { made.captures[name] = { file, bytes: existsSync(join(dir, file)) ? statSync(join(dir, file)).size : 0, ...r }; };
  if (opts.only.includes('netflow5')) add('netflow5', 'netflow5.pcap', await softflowd(dir, traffic, 5, join(dir, 'netflow5.pcap'), []));
  if (opts.only.includes('netflow9')) add('netflow9', 'netflow9.pcap', await softflowd(dir, traffic, 9, join(dir, 'netflow9.pcap'), ['-T', 'ether']));
  if (opts.only.includes('ipfix')) add('ipfix', 'ipfix.pcap', await softflowd(dir, traffic, 10, join(dir, 'ipfix.pcap'), ['-T', 'ether', '-s', String(opts.ipfixRate)]));
  if (opts.only.includes('sflow')) add('sflow', 'sflow.pcap', await pmacctSflow(dir, traffic, join(dir, 'sflow.pcap'), opts.sflowRate));
  writeFileSync(join(dir, 'corpus.json'), JSON.stringify(made, null, 2) + '\n');
  return made;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = parseArgs(process.argv.slice(2));
  const made = await makeCorpus(opts);
  for (const [k, v] of Object.entries(made.captures)) {
    console.log(`make-corpus: ${k}: ${v.captured} datagrams (${v.dropped} dropped by the kernel) → ${join(opts.out, v.file)}`);
  }
}
