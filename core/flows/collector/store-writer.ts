// The collector's store writer: it owns flows.db and the segment files. The receive
// thread hands it whole blocks — a FlowBatch's columns, transferred, not copied — and gets
// the columns back once the block is encoded and written, so a block write never holds up
// the sockets, and nothing is allocated per block in steady state. It also saves the
// templates and exporter counters it is sent, and prunes the raw window.
import { FlowBatch } from '../record.js';
import { encodeBlockShared } from '../store/block.js';
import { BlockWriter, FLOWS_DB, FLOWS_DB_MIGRATIONS, openFlowFile, type Db } from '../store/flowdb.js';
import type { FromWriter, ToWriter } from './types.js';
import type { BatchColumns } from '../record.js';

export class StoreWriter {
  private db: Db | null = null;
  private writer: BlockWriter | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly post: (m: FromWriter, transfer?: ArrayBuffer[]) => void,
  ) {}

  start(): void {
    this.db = openFlowFile(this.dataDir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
    // Block bytes are in segment files: the WAL only carries small index rows.
    this.writer = new BlockWriter(this.db, { dataDir: this.dataDir });
    this.post({ type: 'ready', templates: this.writer.loadTemplates(), exporters: this.writer.loadExporters() });
  }

  handle(m: ToWriter, giveBack: (cols: BatchColumns) => ArrayBuffer[]): void {
    const w = this.writer;
    switch (m.type) {
      case 'block': {
        let ok = true;
        let error: string | undefined;
        try {
          if (!w) throw new Error('the store is closed');
          const b = FlowBatch.over(m.cols, m.rows, m.exporters);
          const { data, summary } = encodeBlockShared(b);
          w.write(data, summary, m.receivedMs);
        } catch (e) {
          ok = false;
          error = (e as Error).message;
        }
        const reply: FromWriter =
          error === undefined ? { type: 'written', seq: m.seq, ok, cols: m.cols } : { type: 'written', seq: m.seq, ok, cols: m.cols, error };
        this.post(reply, giveBack(m.cols));
        break;
      }
      case 'templates':
        try {
          w?.saveTemplates(m.json, m.t);
        } catch (e) {
          this.post({ type: 'log', level: 'warn', message: 'templates could not be saved', fields: { error: (e as Error).message } });
        }
        break;
      case 'exporters':
        try {
          w?.saveExporters(m.rows, m.t);
        } catch {
          // counters are saved again in ten seconds
        }
        break;
      case 'prune':
        try {
          this.post({ type: 'pruned', blocks: w ? w.prune(m.cutoffMs) : 0 });
        } catch (e) {
          this.post({ type: 'log', level: 'warn', message: 'pruning old blocks failed', fields: { error: (e as Error).message } });
        }
        break;
      case 'stop':
        this.close();
        this.post({ type: 'stopped' });
        break;
    }
  }

  close(): void {
    this.writer?.close();
    try {
      this.db?.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a reader holds the WAL
    }
    this.db?.close();
    this.db = null;
    this.writer = null;
  }
}
