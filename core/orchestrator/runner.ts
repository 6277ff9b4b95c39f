// The operation engine. Every lifecycle operation (CREATE, UPDATE, DELETE, REPAIR) is a
// record with a list of steps, grouped in stages; steps of a stage run together, stages one
// after another. Each step's start and end are written (op_steps, op_journal) before and
// after its south-bound call, and every south-bound call is idempotent (VMs are found by
// name, deleting what is gone is fine, pushing the same configuration twice is one change),
// so after a crash a step left RUNNING is simply run again: at start every PROCESSING
// operation resumes in its phase (forward, or rollback). The end of an operation — states,
// pool allocations and releases — is one transaction.
//
// States: PROCESSING → COMPLETED, or → FAILED (an operator retries the failed steps or rolls
// back), or → ROLLED_BACK (after a cancel, a rollback, or a failure with autoRollback).
// Once an UPDATE, DELETE or REPAIR has started removing VMs there is no way back: cancel
// and rollback are refused from then on, retry finishes the job.
import { ApiError, conflict } from '../api/errors.js';
import type { Logger } from '../host/log.js';
import type { Identities } from './identity.js';
import type { Infra } from './infra.js';
import type { Pools } from './pools.js';
import { Aborted, type DeviceManager } from './dm.js';
import { SouthboundError, type VimPort } from './vim.js';
import { parse, type InstanceRow, type OpBefore, type OpRow, type PortRecord, type Repo, type StepRow } from './repo.js';

export interface RunnerOptions {
  concurrency: number;
  /** Retries of a step that failed with a transient error (a failover in progress…). */
  transientRetries: number;
  retryBaseMs: number;
  bootTimeoutMs: number;
  pollMs: number;
}

export interface RunnerHooks {
  opChanged(opId: string): void;
  serviceChanged(serviceId: string): void;
  vnfChanged(instanceId: string): void;
  /** After an operation ended: recompute health and paths. */
  settled(serviceId: string): void;
}

export interface RunnerDeps {
  repo: Repo;
  pools: Pools;
  ids: Identities;
  infra: Infra;
  dm(podId: string): DeviceManager;
  log: Logger;
  hooks: RunnerHooks;
  opts: RunnerOptions;
}

type StepOutcome = { ok: true } | { ok: false; error: Error } | { aborted: true };

class Cancelled extends Aborted {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

export class Runner {
  private queue: string[] = [];
  private running = new Map<string, { stop: AbortController; cancel: AbortController; done: Promise<void> }>();
  private finished = new Map<string, Set<() => void>>();
  private accepting = true;

  constructor(private readonly d: RunnerDeps) {}

  private get repo() {
    return this.d.repo;
  }

  // ------------------------------------------------------------------ scheduling

  enqueue(opId: string): void {
    if (!this.accepting || this.running.has(opId) || this.queue.includes(opId)) return;
    this.queue.push(opId);
    this.pump();
  }

  private pump(): void {
    while (this.accepting && this.queue.length > 0 && this.running.size < this.d.opts.concurrency) {
      const opId = this.queue.shift()!;
      const stop = new AbortController();
      const cancel = new AbortController();
      const done = this.run(opId, stop.signal, cancel)
        .catch((e: unknown) => this.d.log.error('operation runner failed', { opId, error: e as Error }))
        .finally(() => {
          this.running.delete(opId);
          this.notifyFinished(opId);
          this.pump();
        });
      this.running.set(opId, { stop, cancel, done });
    }
  }

  private notifyFinished(opId: string): void {
    const op = this.repo.findOp(opId);
    if (op && op.state === 'PROCESSING' && (this.running.has(opId) || this.queue.includes(opId))) return;
    this.finished.get(opId)?.forEach((f) => f());
  }

  /** Resolve when the operation is no longer PROCESSING (or the time is up). */
  waitFor(opId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const op = this.repo.findOp(opId);
      if (!op || op.state !== 'PROCESSING') return resolve();
      let set = this.finished.get(opId);
      if (!set) this.finished.set(opId, (set = new Set()));
      const done = () => {
        const cur = this.repo.findOp(opId);
        if (cur && cur.state === 'PROCESSING' && (this.running.has(opId) || this.queue.includes(opId))) return;
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        set.delete(done);
        resolve();
      }, timeoutMs);
      timer.unref();
      set.add(done);
    });
  }

  /** At start: every operation that was PROCESSING when the host stopped (or crashed) resumes. */
  recover(): number {
    const ops = this.repo.processingOps();
    for (const o of ops) {
      this.repo.db.transaction(() => {
        this.repo.journal(o.id, 'resumed after restart', `phase ${o.phase}; steps left RUNNING are run again (each is idempotent)`);
      })();
      this.enqueue(o.id);
    }
    return ops.length;
  }

  idle(): boolean {
    return this.running.size === 0 && this.queue.length === 0;
  }

  /** Stop: running operations stop where they are (their journal lets the next start resume them). */
  async stop(timeoutMs = 5000): Promise<void> {
    this.accepting = false;
    this.queue = [];
    const all = [...this.running.values()];
    all.forEach((r) => r.stop.abort('the host is stopping'));
    await Promise.race([Promise.allSettled(all.map((r) => r.done)), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  resume(): void {
    this.accepting = true;
    this.pump();
  }

  // ------------------------------------------------------------------ operator actions

  canRollback(op: OpRow, steps = this.repo.steps(op.id)): boolean {
    if (op.type === 'CREATE') return true;
    return !steps.some((s) => s.phase === 'forward' && s.kind === 'vim.delete' && s.attempts > 0);
  }

  retry(opId: string, by: string): OpRow {
    const op = this.repo.op(opId);
    if (op.state !== 'FAILED') throw conflict(`operation ${opId} is ${op.state}: only a FAILED operation can be retried`);
    this.repo.db.transaction(() => {
      // A VM that failed to boot is booted again: its create step runs again (it replaces a VM in ERROR).
      const failedWaits = this.repo.steps(opId).filter((s) => s.phase === op.phase && s.state === 'FAILED' && s.kind === 'vim.wait');
      for (const w of failedWaits) {
        this.repo.db.prepare(`UPDATE op_steps SET state = 'PENDING' WHERE op_id = ? AND phase = ? AND kind = 'vim.create' AND target = ?`).run(opId, op.phase, w.target);
      }
      this.repo.db.prepare(`UPDATE op_steps SET state = 'PENDING', error = NULL WHERE op_id = ? AND phase = ? AND state = 'FAILED'`).run(opId, op.phase);
      this.repo.db.prepare(`UPDATE operations SET state = 'PROCESSING', error_code = NULL, error_message = NULL, updated_at = ?, finished_at = NULL WHERE id = ?`).run(this.repo.iso(), opId);
      this.setServiceBusy(op);
      this.repo.journal(opId, 'retry', `by ${by}`);
    })();
    this.changed(op);
    this.enqueue(opId);
    return this.repo.op(opId);
  }

  rollback(opId: string, by: string): OpRow {
    const op = this.repo.op(opId);
    if (op.state !== 'FAILED') throw conflict(`operation ${opId} is ${op.state}: only a FAILED operation can be rolled back (cancel one in progress)`);
    if (op.phase === 'rollback') return this.retry(opId, by);
    if (!this.canRollback(op)) throw conflict(`operation ${opId} has started removing VMs: it can only go forward (retry it)`);
    this.repo.db.transaction(() => {
      this.beginRollback(op, `rollback requested by ${by}`);
      this.repo.db.prepare(`UPDATE operations SET state = 'PROCESSING', updated_at = ?, finished_at = NULL WHERE id = ?`).run(this.repo.iso(), opId);
    })();
    this.changed(op);
    this.enqueue(opId);
    return this.repo.op(opId);
  }

  cancel(opId: string, by: string): OpRow {
    const op = this.repo.op(opId);
    if (op.state !== 'PROCESSING') throw conflict(`operation ${opId} is ${op.state}: only an operation in progress can be cancelled`);
    if (op.phase === 'rollback') throw conflict(`operation ${opId} is already rolling back`);
    if (!this.canRollback(op)) throw conflict(`operation ${opId} has started removing VMs: it can no longer be cancelled`);
    this.repo.db.transaction(() => {
      this.repo.db.prepare(`UPDATE operations SET cancel_requested = 1, updated_at = ? WHERE id = ?`).run(this.repo.iso(), opId);
      this.repo.journal(opId, 'cancel requested', `by ${by}`);
    })();
    this.running.get(opId)?.cancel.abort('cancelled');
    this.changed(op);
    if (!this.running.has(opId)) this.enqueue(opId);
    return this.repo.op(opId);
  }

  // ------------------------------------------------------------------ running

  private changed(op: Pick<OpRow, 'id' | 'service_id'>): void {
    this.d.hooks.opChanged(op.id);
    this.d.hooks.serviceChanged(op.service_id);
  }

  private setServiceBusy(op: OpRow): void {
    const state = op.phase === 'rollback' ? (op.type === 'CREATE' ? 'DELETING' : op.type === 'UPDATE' ? 'UPDATING' : null) : ({ CREATE: 'PROVISIONING', UPDATE: 'UPDATING', DELETE: 'DELETING', REPAIR: null } as const)[op.type];
    if (state) this.repo.db.prepare(`UPDATE services SET state = ?, updated_at = ? WHERE id = ?`).run(state, this.repo.iso(), op.service_id);
  }

  private async run(opId: string, stop: AbortSignal, cancel: AbortController): Promise<void> {
    for (let guard = 0; guard < 10_000; guard++) {
      if (stop.aborted) return;
      const op = this.repo.op(opId);
      if (op.state !== 'PROCESSING') return;
      if (op.phase === 'forward' && op.cancel_requested === 1) {
        this.repo.db.transaction(() => {
          const cur = this.repo.op(opId);
          if (this.canRollback(cur)) this.beginRollback(cur, 'cancelled');
          else {
            this.repo.db.prepare(`UPDATE operations SET cancel_requested = 0 WHERE id = ?`).run(opId);
            this.repo.journal(opId, 'cancel refused', 'VMs are already being removed: finishing');
          }
        })();
        this.changed(op);
        continue;
      }
      const left = this.repo.steps(opId).filter((s) => s.phase === op.phase && (s.state === 'PENDING' || s.state === 'RUNNING'));
      if (left.length === 0) {
        this.finalize(opId);
        return;
      }
      const stage = Math.min(...left.map((s) => s.stage));
      const batch = left.filter((s) => s.stage === stage);
      const signal = op.phase === 'forward' ? AbortSignal.any([stop, cancel.signal]) : stop;
      const outcomes = await Promise.all(batch.map((s) => this.execStep(op, s, signal)));
      if (stop.aborted) return;
      if (outcomes.some((o) => 'aborted' in o)) continue; // cancelled: the loop turns it into a rollback
      const failed = outcomes.find((o): o is { ok: false; error: Error } => 'ok' in o && !o.ok);
      if (failed) {
        const cur = this.repo.op(opId);
        if (cur.phase === 'forward' && cur.auto_rollback === 1 && this.canRollback(cur)) {
          this.repo.db.transaction(() => this.beginRollback(cur, `a step failed (${failed.error.message}): rolling back by itself`))();
          this.changed(cur);
          continue;
        }
        this.fail(cur, failed.error);
        return;
      }
    }
  }

  private fail(op: OpRow, error: Error): void {
    const code = error instanceof ApiError ? error.code : error instanceof SouthboundError ? (error.transient ? 'UNAVAILABLE' : 'SOUTHBOUND') : 'INTERNAL';
    this.repo.db.transaction(() => {
      this.repo.db
        .prepare(`UPDATE operations SET state = 'FAILED', error_code = ?, error_message = ?, updated_at = ?, finished_at = ? WHERE id = ?`)
        .run(code, error.message, this.repo.iso(), this.repo.iso(), op.id);
      if (op.type !== 'REPAIR') this.repo.db.prepare(`UPDATE services SET state = 'FAILED', updated_at = ? WHERE id = ?`).run(this.repo.iso(), op.service_id);
      this.repo.journal(op.id, 'failed', error.message);
      this.repo.serviceEvent(op.service_id, 'operation-failed', `${op.type} ${op.phase === 'rollback' ? 'rollback ' : ''}failed: ${error.message}`);
    })();
    this.changed(op);
    this.d.hooks.settled(op.service_id);
  }

  private async execStep(op: OpRow, step: StepRow, signal: AbortSignal): Promise<StepOutcome> {
    const { repo } = this;
    repo.db.transaction(() => {
      repo.db.prepare(`UPDATE op_steps SET state = 'RUNNING', attempts = attempts + 1, started_at = ?, error = NULL WHERE op_id = ? AND seq = ?`).run(repo.iso(), op.id, step.seq);
      repo.journal(op.id, step.attempts > 0 ? 'step started again' : 'step started', step.name);
    })();
    this.d.hooks.opChanged(op.id);
    for (let attempt = 0; ; attempt++) {
      try {
        const detail = await this.perform(op, step, signal);
        repo.db.transaction(() => {
          repo.db.prepare(`UPDATE op_steps SET state = 'DONE', finished_at = ?, detail = ? WHERE op_id = ? AND seq = ?`).run(repo.iso(), detail, op.id, step.seq);
          repo.journal(op.id, 'step done', `${step.name}${detail ? ` — ${detail}` : ''}`);
        })();
        this.d.hooks.opChanged(op.id);
        return { ok: true };
      } catch (e) {
        const err = e as Error;
        if (e instanceof Cancelled || (signal.aborted && e instanceof Aborted)) {
          if (!(e instanceof Cancelled) && signal.reason === 'the host is stopping') return { aborted: true }; // left RUNNING: resumed at the next start
          repo.db.transaction(() => {
            repo.db.prepare(`UPDATE op_steps SET state = 'SKIPPED', finished_at = ?, detail = 'cancelled' WHERE op_id = ? AND seq = ?`).run(repo.iso(), op.id, step.seq);
            repo.journal(op.id, 'step stopped', `${step.name} — cancelled`);
          })();
          return { aborted: true };
        }
        if (signal.aborted) return { aborted: true };
        const transient = e instanceof SouthboundError && e.transient;
        if (transient && attempt < this.d.opts.transientRetries) {
          const wait = Math.min(this.d.opts.retryBaseMs * 2 ** attempt, 5000);
          repo.db.transaction(() => repo.journal(op.id, 'step will retry', `${step.name} — ${err.message} (again in ${wait} ms)`))();
          await sleep(wait, signal);
          if (signal.aborted) return { aborted: true };
          continue;
        }
        repo.db.transaction(() => {
          repo.db.prepare(`UPDATE op_steps SET state = 'FAILED', finished_at = ?, error = ? WHERE op_id = ? AND seq = ?`).run(repo.iso(), err.message, op.id, step.seq);
          repo.journal(op.id, 'step failed', `${step.name} — ${err.message}`);
        })();
        if (!(e instanceof SouthboundError) && !(e instanceof ApiError)) this.d.log.error('step failed unexpectedly', { op: op.id, step: step.name, error: err });
        this.d.hooks.opChanged(op.id);
        return { ok: false, error: err };
      }
    }
  }

  private portsOf(i: InstanceRow): VimPort[] {
    return parse<PortRecord[]>(i.interfaces).map((p) => ({ name: p.name, network: p.network, segment: p.segment, mac: p.mac, ip: p.ip }));
  }

  private async perform(op: OpRow, step: StepRow, signal: AbortSignal): Promise<string | null> {
    const { repo } = this;
    if (!step.target) return null;
    const inst = repo.instance(step.target);
    const dm = this.d.dm(inst.pod_id);
    const server = this.d.infra.server(inst.server_id);
    switch (step.kind) {
      case 'vim.create': {
        const mgmt = parse<PortRecord[]>(inst.interfaces).find((p) => p.network === 'mgmt');
        const prior = await dm.get(inst.vm_name);
        if (prior?.status === 'ERROR') await dm.remove(inst.vm_name); // a failed boot is replaced, not reused
        const s = await dm.create({
          name: inst.vm_name,
          host: server.name,
          image: inst.image,
          flavor: { vcpu: inst.vcpu, ramMb: inst.ram_mb, diskGb: inst.disk_gb },
          ports: this.portsOf(inst),
          day0: `hostname ${inst.hostname}\n! management ${mgmt?.ip ?? 'dhcp'}\n`,
          metadata: { serviceId: inst.service_id, tenantId: inst.tenant_id, path: inst.path, role: inst.role, nodeId: String(inst.node_id ?? '') },
        });
        repo.db.transaction(() => {
          const st = repo.instance(inst.id).state;
          if (st === 'PLANNED' || st === 'ERROR' || st === 'DELETING') repo.setInstanceState(inst.id, 'BUILD');
        })();
        this.d.hooks.vnfChanged(inst.id);
        return `VIM server ${s.id} on ${s.host} (${s.status})`;
      }
      case 'vim.wait': {
        const t0 = Date.now();
        try {
          await dm.waitActive(inst.vm_name, { signal, timeoutMs: this.d.opts.bootTimeoutMs, pollMs: this.d.opts.pollMs });
        } catch (e) {
          if (e instanceof Aborted && signal.reason === 'cancelled') throw new Cancelled('cancelled');
          if (e instanceof SouthboundError && !e.transient) {
            repo.db.transaction(() => repo.setInstanceState(inst.id, 'ERROR', e.message))();
            this.d.hooks.vnfChanged(inst.id);
          }
          throw e;
        }
        repo.db.transaction(() => repo.setInstanceState(inst.id, 'ACTIVE'))();
        this.d.hooks.vnfChanged(inst.id);
        return `ACTIVE after ${((Date.now() - t0) / 1000).toFixed(1)} s`;
      }
      case 'dm.configure':
        await dm.configure(inst.vm_name, inst.config);
        return `${inst.config.split('\n').length} lines`;
      case 'dm.restore': {
        const before = op.before ? parse<OpBefore>(op.before) : null;
        const cfg = before?.configs[inst.id];
        if (!cfg) return 'nothing to restore';
        await dm.configure(inst.vm_name, cfg.config);
        return 'previous configuration restored';
      }
      case 'vim.delete':
        repo.db.transaction(() => {
          if (repo.instance(inst.id).state !== 'DELETED') repo.setInstanceState(inst.id, 'DELETING');
        })();
        this.d.hooks.vnfChanged(inst.id);
        // A repair (or restart) takes a VNF away while the service runs: its path may switch now, and back when it is done.
        if (op.type === 'REPAIR') this.d.hooks.settled(inst.service_id);
        await dm.remove(inst.vm_name);
        return `removed from ${server.name}`;
    }
  }

  /** Turn a forward operation into its rollback (call inside a transaction). */
  private beginRollback(op: OpRow, reason: string): void {
    const { repo } = this;
    const steps = repo.steps(op.id);
    repo.db.prepare(`UPDATE op_steps SET state = 'SKIPPED', detail = coalesce(detail, 'not needed: rolled back') WHERE op_id = ? AND phase = 'forward' AND state IN ('PENDING', 'RUNNING')`).run(op.id);
    let seq = steps.reduce((n, s) => Math.max(n, s.seq), 0);
    const stage = steps.reduce((n, s) => Math.max(n, s.stage), 0) + 1;
    const add = repo.db.prepare(`INSERT INTO op_steps (op_id, seq, stage, phase, kind, name, target, pod_id, state) VALUES (?, ?, ?, 'rollback', ?, ?, ?, ?, 'PENDING')`);
    const added = repo.db.prepare(`SELECT * FROM vnf_instances WHERE added_by_op = ? AND state != 'DELETED'`).all(op.id) as InstanceRow[];
    for (const i of added) add.run(op.id, ++seq, stage, 'vim.delete', `Remove ${i.hostname}`, i.id, i.pod_id);
    if (op.type === 'UPDATE' && op.before) {
      const before = parse<OpBefore>(op.before);
      for (const instId of Object.keys(before.configs)) {
        const pushed = steps.some((s) => s.target === instId && s.kind === 'dm.configure' && s.attempts > 0);
        if (pushed) {
          const i = repo.instance(instId);
          add.run(op.id, ++seq, stage, 'dm.restore', `Restore the previous configuration of ${i.hostname}`, i.id, i.pod_id);
        }
      }
    }
    repo.db.prepare(`UPDATE operations SET phase = 'rollback', cancel_requested = 0, updated_at = ? WHERE id = ?`).run(repo.iso(), op.id);
    this.setServiceBusy({ ...op, phase: 'rollback' });
    repo.journal(op.id, 'rollback started', reason);
  }

  private retireInstances(rows: InstanceRow[]): void {
    for (const i of rows) {
      this.repo.setInstanceState(i.id, 'DELETED');
      if (i.node_id) this.d.ids.retireNode(i.node_id);
    }
  }

  /** Host names of the VNFs an operation booted again (a REPAIR's). */
  private recreated(opId: string): string {
    const ids = this.repo.steps(opId).filter((st) => st.phase === 'forward' && st.kind === 'vim.create' && st.target);
    return ids.map((st) => this.repo.instance(st.target!).hostname).join(', ') || 'nothing';
  }

  /** The end of an operation, in one transaction. */
  private finalize(opId: string): void {
    const { repo, pools } = { repo: this.repo, pools: this.d.pools };
    const touched: string[] = [];
    repo.db.transaction(() => {
      const op = repo.op(opId);
      const sid = op.service_id;
      const t = repo.iso();
      const svc = repo.service(sid);
      const instances = repo.instances(sid);
      touched.push(...instances.map((i) => i.id));
      let end: 'COMPLETED' | 'ROLLED_BACK' = 'COMPLETED';
      if (op.phase === 'forward') {
        switch (op.type) {
          case 'CREATE':
          case 'REPAIR':
            pools.commitOp(op.id);
            repo.db.prepare(`UPDATE services SET state = 'ACTIVE', current_op = NULL, updated_at = ? WHERE id = ?`).run(t, sid);
            repo.serviceEvent(sid, op.type === 'CREATE' ? 'created' : 'repaired', op.type === 'CREATE' ? `${svc.name} is ACTIVE` : `re-created: ${this.recreated(op.id)}`);
            break;
          case 'UPDATE':
            this.retireInstances(instances.filter((i) => i.removed_by_op === op.id));
            pools.commitOp(op.id);
            repo.db.prepare(`UPDATE services SET state = 'ACTIVE', current_op = NULL, updated_at = ? WHERE id = ?`).run(t, sid);
            repo.serviceEvent(sid, 'updated', `${svc.name} now runs ${svc.package_id}${svc.ips ? ' with IPS' : ''}`);
            break;
          case 'DELETE':
            this.retireInstances(instances);
            pools.releaseOwner(`service:${sid}`);
            repo.db.prepare(`UPDATE services SET state = 'DELETED', health = 'UNKNOWN', active_path = NULL, current_op = NULL, deleted_at = ?, updated_at = ? WHERE id = ?`).run(t, t, sid);
            repo.serviceEvent(sid, 'deleted', `${svc.name} was deleted; its resources are released`);
            break;
        }
      } else {
        end = 'ROLLED_BACK';
        switch (op.type) {
          case 'CREATE':
            this.retireInstances(instances);
            pools.releaseOwner(`service:${sid}`);
            repo.db.prepare(`UPDATE services SET state = 'DELETED', health = 'UNKNOWN', active_path = NULL, current_op = NULL, deleted_at = ?, updated_at = ? WHERE id = ?`).run(t, t, sid);
            repo.serviceEvent(sid, 'rolled-back', 'the order was rolled back: nothing of it remains');
            break;
          case 'UPDATE': {
            const before = parse<OpBefore>(op.before ?? '{}');
            this.retireInstances(instances.filter((i) => i.added_by_op === op.id));
            repo.db.prepare(`UPDATE vnf_instances SET removed_by_op = NULL WHERE removed_by_op = ?`).run(op.id);
            for (const [instId, cfg] of Object.entries(before.configs)) {
              repo.db.prepare(`UPDATE vnf_instances SET config = ?, config_masked = ?, updated_at = ? WHERE id = ?`).run(cfg.config, cfg.masked, t, instId);
            }
            pools.rollbackOp(op.id);
            repo.db
              .prepare(`UPDATE services SET name = ?, package_id = ?, ips = ?, redundant = ?, catalog_version = ?, intent = ?, quote = ?, state = ?, current_op = NULL, updated_at = ? WHERE id = ?`)
              .run(before.name, before.packageId, before.ips ? 1 : 0, before.redundant ? 1 : 0, before.catalogVersion, JSON.stringify(before.intent), JSON.stringify(before.quote), 'ACTIVE', t, sid);
            repo.serviceEvent(sid, 'rolled-back', 'the update was rolled back: the service is as it was');
            break;
          }
          case 'DELETE':
          case 'REPAIR':
            pools.rollbackOp(op.id);
            repo.db.prepare(`UPDATE services SET state = 'ACTIVE', current_op = NULL, updated_at = ? WHERE id = ?`).run(t, sid);
            repo.serviceEvent(sid, 'rolled-back', `the ${op.type.toLowerCase()} was rolled back`);
            break;
        }
      }
      repo.db.prepare(`UPDATE operations SET state = ?, updated_at = ?, finished_at = ? WHERE id = ?`).run(end, t, t, op.id);
      repo.journal(op.id, end === 'COMPLETED' ? 'completed' : 'rolled back', null);
      touched.push(...(repo.db.prepare(`SELECT id FROM vnf_instances WHERE added_by_op = ? OR removed_by_op = ?`).all(op.id, op.id) as { id: string }[]).map((r) => r.id));
    })();
    const op = repo.op(opId);
    for (const id of new Set(touched)) this.d.hooks.vnfChanged(id);
    this.changed(op);
    this.d.hooks.settled(op.service_id);
  }
}
