/** The typed arrays the snapshot index is made of. */
type IndexArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** A typed array constructor of the index. */
export type IndexArrayKind<T extends IndexArray> = (new (buffer: ArrayBuffer, offset: number, length: number) => T) & {
  readonly BYTES_PER_ELEMENT: number;
};

// ES2024's resizable ArrayBuffer (Node 20 and later); the project's TypeScript library is ES2023.
const ResizableArrayBuffer = ArrayBuffer as new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer;

/**
 * A typed array of `length` zeros whose memory V8 maps from the operating system page by page, as it
 * does for every resizable `ArrayBuffer`, instead of taking it from malloc: freed, it goes back to the
 * system at once. The first pass of a snapshot allocates and frees a few hundred MB of typed arrays
 * (the columns, the placement, the id table as it doubles); from malloc, glibc kept most of them for
 * later (freeing a large block raises the size below which it serves from its own heap), about 100 MB
 * of the peak RSS of a 100,000-customer report that nothing used again. Reading such a view costs a
 * little more than a plain typed array: for arrays read in order, not for the id table's probes.
 *
 * @example
 * const starts = pageArray(Float64Array, 1 << 16);
 */
export function pageArray<T extends IndexArray>(kind: IndexArrayKind<T>, length: number): T {
  const bytes = length * kind.BYTES_PER_ELEMENT;
  return new kind(new ResizableArrayBuffer(bytes, { maxByteLength: bytes }), 0, length);
}
