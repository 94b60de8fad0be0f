import { pageArray, type IndexArrayKind } from './page-array.ts';

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

/**
 * A column of numbers that grows as it is pushed to, held in typed arrays (outside V8's heap and malloc,
 * see `pageArray`) of 65,536 entries each, for the million entries of a snapshot's index: growing adds a block instead of copying
 * the column into one twice its size, so it holds at most one block more than it needs and never two
 * copies at once.
 *
 * @example
 * const starts = new GrowableColumn(Float64Array);
 * starts.push(1234);
 * starts.at(0); // 1234
 */
export class GrowableColumn<T extends Float64Array | Int32Array | Uint32Array | Uint8Array> {
  private readonly blocks: T[] = [];
  private readonly kind: IndexArrayKind<T>;
  length = 0;
  constructor(kind: IndexArrayKind<T>) {
    this.kind = kind;
  }
  /** Appends `value`; returns its position. */
  push(value: number): number {
    const offset = this.length & (BLOCK - 1);
    if (offset === 0) this.blocks.push(pageArray(this.kind, BLOCK));
    const block = this.blocks[this.blocks.length - 1];
    if (block) block[offset] = value;
    return this.length++;
  }
  /** The value at `index` (0 past the end). */
  at(index: number): number {
    return this.blocks[index >>> BLOCK_BITS]?.[index & (BLOCK - 1)] ?? 0;
  }
}
