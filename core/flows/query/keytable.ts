// A hash table from composite integer keys (k numbers per key, each an integer that fits a
// double) to dense ids 0, 1, 2…, over typed arrays: grouping rows by several columns
// without building a string per row (and without boxing numbers above 2^31 in a Map).
export class KeyTable {
  /** The key of each id, k numbers per id. */
  private keysById: Float64Array;
  private slotId: Int32Array;
  private bits: number;
  size = 0;

  constructor(
    readonly k: number,
    initialBits = 10,
  ) {
    this.bits = initialBits;
    this.slotId = new Int32Array(1 << initialBits).fill(-1);
    this.keysById = new Float64Array((1 << (initialBits - 1)) * k);
  }

  private hash(v: ArrayLike<number>, at: number): number {
    let h = 0x811c9dc5;
    for (let j = 0; j < this.k; j++) {
      const x = v[at + j]!;
      h = Math.imul(h ^ (x >>> 0), 0x9e3779b1);
      h = Math.imul(h ^ ((x / 4294967296) | 0), 0x85ebca6b);
    }
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) >>> (32 - this.bits);
  }

  private same(id: number, v: ArrayLike<number>, at: number): boolean {
    const k = this.k;
    const base = id * k;
    const keys = this.keysById;
    for (let j = 0; j < k; j++) if (keys[base + j] !== v[at + j]) return false;
    return true;
  }

  /** The id of the key `v[at .. at+k)`, added when new. */
  id(v: ArrayLike<number>, at = 0): number {
    const mask = (1 << this.bits) - 1;
    let h = this.hash(v, at);
    const si = this.slotId;
    for (;;) {
      const g = si[h]!;
      if (g < 0) break;
      if (this.same(g, v, at)) return g;
      h = (h + 1) & mask;
    }
    const g = this.size++;
    if ((g + 1) * this.k > this.keysById.length) {
      const grown = new Float64Array(this.keysById.length * 2);
      grown.set(this.keysById);
      this.keysById = grown;
    }
    for (let j = 0; j < this.k; j++) this.keysById[g * this.k + j] = v[at + j]!;
    si[h] = g;
    if (this.size * 2 > mask) this.rehash();
    return g;
  }

  /** Part `j` of the key of `id`. */
  key(id: number, j: number): number {
    return this.keysById[id * this.k + j]!;
  }

  private rehash(): void {
    this.bits++;
    const mask = (1 << this.bits) - 1;
    const si = new Int32Array(1 << this.bits).fill(-1);
    for (let g = 0; g < this.size; g++) {
      let h = this.hash(this.keysById, g * this.k);
      while (si[h]! >= 0) h = (h + 1) & mask;
      si[h] = g;
    }
    this.slotId = si;
  }

  clear(): void {
    this.slotId.fill(-1);
    this.size = 0;
  }
}
