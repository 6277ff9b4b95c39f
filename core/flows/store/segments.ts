// Segment files: where block bytes live. A block is appended (8-byte aligned) to the open
// segment, `DATA/flows-blocks/<seg>.pfs`, and indexed by a row of flows.db (segment,
// offset, size, time range, totals), so that writing a block costs one write() into the
// page cache and one small INSERT — no SQLite page chains, no WAL copy, no checkpoint of
// megabytes of flow data. A segment is closed after `maxBytes` or `maxAgeMs`; a closed
// segment whose blocks have all been pruned is deleted whole.
//
// Durability: segments are not fsync'd per block (flows are telemetry). After a power
// loss the index may name bytes that never reached the disk: readers check each block's
// header and skip what does not decode (`BlockReader` counts them).
import { closeSync, fstatSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const SEGMENT_DIR = 'flows-blocks';

export function segmentDir(dataDir: string): string {
  return join(dataDir, SEGMENT_DIR);
}

export function segmentPath(dataDir: string, seg: number): string {
  return join(segmentDir(dataDir), `${String(seg).padStart(8, '0')}.pfs`);
}

const ZEROS = new Uint8Array(8);

/** The open segment of one writer. */
export class SegmentAppender {
  private fd: number | null = null;
  seg = 0;
  offset = 0;
  openedMs = 0;

  constructor(
    readonly dataDir: string,
    readonly maxBytes = 256 * 1024 * 1024,
    readonly maxAgeMs = 60_000,
  ) {
    mkdirSync(segmentDir(dataDir), { recursive: true });
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Does the next block of `size` bytes need a new segment? */
  needsRotation(size: number, now: number): boolean {
    return this.fd === null || (this.offset > 0 && (this.offset + size > this.maxBytes || now - this.openedMs >= this.maxAgeMs));
  }

  /** Start segment `seg` (a new file; an existing one is truncated: its blocks were never indexed). */
  open(seg: number, now: number): void {
    this.close();
    this.fd = openSync(segmentPath(this.dataDir, seg), 'w', 0o600);
    this.seg = seg;
    this.offset = 0;
    this.openedMs = now;
  }

  /** Append `data` at an 8-byte boundary; returns its offset. */
  append(data: Uint8Array): number {
    if (this.fd === null) throw new Error('no open segment');
    const pad = (8 - (this.offset & 7)) & 7;
    if (pad) {
      writeAll(this.fd, ZEROS.subarray(0, pad));
      this.offset += pad;
    }
    const at = this.offset;
    writeAll(this.fd, data);
    this.offset += data.length;
    return at;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done);
}

/** Delete a segment's file (gone already is fine). */
export function removeSegment(dataDir: string, seg: number): void {
  try {
    unlinkSync(segmentPath(dataDir, seg));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Reading blocks out of segments: a few open files, one reusable read buffer. */
export class SegmentFiles {
  private readonly fds = new Map<number, number>();
  private buf: Buffer = Buffer.allocUnsafeSlow(1 << 20);

  constructor(
    readonly dataDir: string,
    private readonly maxOpen = 16,
  ) {}

  private fd(seg: number): number | null {
    let fd = this.fds.get(seg);
    if (fd !== undefined) {
      // most recently used last
      this.fds.delete(seg);
      this.fds.set(seg, fd);
      return fd;
    }
    try {
      fd = openSync(segmentPath(this.dataDir, seg), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // pruned meanwhile
      throw e;
    }
    if (this.fds.size >= this.maxOpen) {
      const [oldest, ofd] = this.fds.entries().next().value as [number, number];
      closeSync(ofd);
      this.fds.delete(oldest);
    }
    this.fds.set(seg, fd);
    return fd;
  }

  /**
   * `size` bytes at `offset` of segment `seg`, in a buffer reused by the next read (copy to
   * keep). Null when the segment is gone or shorter than the index says.
   */
  read(seg: number, offset: number, size: number, keep = false): Buffer | null {
    const fd = this.fd(seg);
    if (fd === null) return null;
    let buf: Buffer;
    if (keep) buf = Buffer.allocUnsafeSlow(size);
    else {
      if (this.buf.length < size) this.buf = Buffer.allocUnsafeSlow(Math.max(size, this.buf.length * 2));
      buf = this.buf;
    }
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buf, done, size - done, offset + done);
      if (n === 0) return null;
      done += n;
    }
    return buf.subarray(0, size);
  }

  /** Bytes on disk of a segment (0 when gone). */
  size(seg: number): number {
    const fd = this.fd(seg);
    return fd === null ? 0 : fstatSync(fd).size;
  }

  /** Close a segment's file (after it was deleted). */
  forget(seg: number): void {
    const fd = this.fds.get(seg);
    if (fd !== undefined) closeSync(fd);
    this.fds.delete(seg);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
