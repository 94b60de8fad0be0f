/**
 * Record ids as dense numbers, their characters kept in typed arrays: an open-addressing hash table
 * that holds a million ids in tens of MB, where a million strings in a `Map` take hundreds (and make
 * V8 grow its heap while the first pass of a snapshot runs).
 *
 * @example
 * const ids = new IdTable();
 * ids.intern('001A'); // 0
 * ids.intern('006B'); // 1
 * ids.intern('001A'); // 0
 */
export class IdTable {
  // Plain typed arrays, not `pageArray`s: every intern probes them at random, and V8 reads a view of a
  // resizable buffer more slowly (the first pass took ~0.5 s more at 100,000 customers).
  // One byte a character until an id has one above U+00FF (record ids are ASCII in practice).
  private chars: Uint8Array | Uint16Array = new Uint8Array(1 << 16);
  private used = 0;
  private starts = new Float64Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private slots = new Int32Array(1 << 13).fill(-1);
  /** How many distinct ids. */
  size = 0;

  /** The number of `id`, given on its first sight. */
  intern(id: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot] ?? -1;
      if (found < 0) return this.add(id, hash, slot);
      if (this.hashes[found] === hash && this.equals(found, id)) return found;
    }
  }

  private equals(n: number, id: string): boolean {
    const start = this.starts[n] ?? 0;
    if ((this.starts[n + 1] ?? this.used) - start !== id.length) return false;
    for (let i = 0; i < id.length; i += 1) if (this.chars[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private add(id: string, hash: number, slot: number): number {
    const n = this.size;
    if (this.used + id.length > this.chars.length) this.chars = grow(this.chars, this.used + id.length);
    if (this.chars instanceof Uint8Array && hasWideChar(id)) {
      const wide = new Uint16Array(this.chars.length);
      wide.set(this.chars);
      this.chars = wide;
    }
    for (let i = 0; i < id.length; i += 1) this.chars[this.used + i] = id.charCodeAt(i);
    if (n + 2 > this.starts.length) this.starts = grow(this.starts, n + 2);
    if (n + 1 > this.hashes.length) this.hashes = grow(this.hashes, n + 1);
    this.starts[n] = this.used;
    this.used += id.length;
    this.starts[n + 1] = this.used;
    this.hashes[n] = hash;
    this.slots[slot] = n;
    this.size = n + 1;
    // Kept at most half full, so that a probe ends soon.
    if (this.size * 2 > this.slots.length) this.rehash();
    return n;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let n = 0; n < this.size; n += 1) {
      let slot = (this.hashes[n] ?? 0) & mask;
      while ((slots[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
      slots[slot] = n;
    }
    this.slots = slots;
  }
}

function hasWideChar(id: string): boolean {
  for (let i = 0; i < id.length; i += 1) if (id.charCodeAt(i) > 0xff) return true;
  return false;
}

function grow<T extends Uint8Array | Uint16Array | Float64Array | Int32Array>(array: T, needed: number): T {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
