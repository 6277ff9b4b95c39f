// Node and Function identities (service mobility, §3): every execution node — a server, a
// VNF's virtual machine, an IPsec enforcer, a platform node — has a Node ID, and every
// function running on one has a Function ID. Both are unsigned 32-bit integers, handed out
// and managed by the manager node (here: the service manager), independent of any address,
// and never reused.
import type { Db } from '../store/store.js';

export type NodeKind = 'server' | 'vnf' | 'enforcer' | 'platform';
export const MAX_ID = 0xffff_ffff;

export interface NodeRow {
  id: number;
  kind: NodeKind;
  subject_id: string;
  name: string;
  created_at: string;
  retired_at: string | null;
}

export interface FunctionRow {
  id: number;
  node_id: number;
  name: string;
  created_at: string;
  retired_at: string | null;
}

export class Identities {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  private iso() {
    return new Date(this.now()).toISOString();
  }

  /** A new Node ID for a subject (call inside the transaction that creates it). */
  assignNode(kind: NodeKind, subjectId: string, name: string): number {
    const r = this.db.prepare(`INSERT INTO node_ids (kind, subject_id, name, created_at) VALUES (?, ?, ?, ?)`).run(kind, subjectId, name, this.iso());
    const id = Number(r.lastInsertRowid);
    if (id > MAX_ID) throw new Error('the 32-bit Node ID space is exhausted');
    return id;
  }

  assignFunction(nodeId: number, name: string): number {
    const r = this.db.prepare(`INSERT INTO function_ids (node_id, name, created_at) VALUES (?, ?, ?)`).run(nodeId, name, this.iso());
    const id = Number(r.lastInsertRowid);
    if (id > MAX_ID) throw new Error('the 32-bit Function ID space is exhausted');
    return id;
  }

  /** The node and its functions are gone; their ids stay taken. */
  retireNode(nodeId: number): void {
    const t = this.iso();
    this.db.prepare(`UPDATE node_ids SET retired_at = ? WHERE id = ? AND retired_at IS NULL`).run(t, nodeId);
    this.db.prepare(`UPDATE function_ids SET retired_at = ? WHERE node_id = ? AND retired_at IS NULL`).run(t, nodeId);
  }

  nodes(kind?: NodeKind, includeRetired = false): NodeRow[] {
    const where: string[] = [];
    const args: string[] = [];
    if (kind) {
      where.push('kind = ?');
      args.push(kind);
    }
    if (!includeRetired) where.push('retired_at IS NULL');
    return this.db.prepare(`SELECT * FROM node_ids ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`).all(...args) as NodeRow[];
  }

  functionsOf(nodeId: number): FunctionRow[] {
    return this.db.prepare(`SELECT * FROM function_ids WHERE node_id = ? ORDER BY id`).all(nodeId) as FunctionRow[];
  }

  allFunctions(): Map<number, FunctionRow[]> {
    const m = new Map<number, FunctionRow[]>();
    for (const f of this.db.prepare(`SELECT * FROM function_ids ORDER BY id`).all() as FunctionRow[]) {
      const list = m.get(f.node_id) ?? [];
      list.push(f);
      m.set(f.node_id, list);
    }
    return m;
  }
}
