/**
 * A stable, dependency-free 64-bit fingerprint for manifest.json: two 32-bit FNV-1a lanes with
 * different offsets over the UTF-16 code units, written as 16 hex digits. Not a security hash;
 * it only tells two texts apart (the spec hash, dashboard uids).
 */
export function fnv1a64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (b >>> 0).toString(16).padStart(8, '0') + (a >>> 0).toString(16).padStart(8, '0');
}

/**
 * What a file's fingerprint is made of: two polynomial hashes of its UTF-8 bytes (modulo 2^32,
 * with different odd multipliers), each multiplier raised to the byte count, and the byte count.
 * Polynomial hashes compose: the sum of a concatenation is computed from the sums of its parts,
 * without reading their bytes again. A generated file is thousands of parts (rules, panels,
 * documents) that mostly come back unchanged from one keystroke to the next, so its fingerprint
 * costs what changed, not what it holds.
 */
export interface TextSum {
  readonly a: number;
  readonly b: number;
  /** MA ** bytes and MB ** bytes, modulo 2^32. */
  readonly pa: number;
  readonly pb: number;
  readonly bytes: number;
}

/** A text with its sum (one object, not two: a generated file is tens of thousands of parts): what renderers hand to the bundle. */
export interface Rendered extends TextSum {
  readonly text: string;
}

// Both ≡ 3 or 5 (mod 8): the largest multiplicative order modulo 2^32 (2^30).
const MA = 0x01000193;
const MB = 0x5bd1e995;
const MA2 = Math.imul(MA, MA);
const MA3 = Math.imul(MA2, MA);
const MA4 = Math.imul(MA3, MA);
const MB2 = Math.imul(MB, MB);
const MB3 = Math.imul(MB2, MB);
const MB4 = Math.imul(MB3, MB);

export const EMPTY_SUM: TextSum = { a: 0, b: 0, pa: 1, pb: 1, bytes: 0 };

/** m ** n modulo 2^32, from `table` (m's powers below POWERS) when n is small. */
function power(table: Int32Array, m: number, n: number): number {
  if (n < POWERS) return table[n]!;
  let result = 1;
  let base = m;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

// The multipliers' powers for texts shorter than 8 KiB (a rule, a panel, a document), made once: 16 K multiplications.
const POWERS = 8192;
const POWERS_A = new Int32Array(POWERS);
const POWERS_B = new Int32Array(POWERS);
POWERS_A[0] = 1;
POWERS_B[0] = 1;
for (let n = 1; n < POWERS; n++) {
  POWERS_A[n] = Math.imul(POWERS_A[n - 1]!, MA);
  POWERS_B[n] = Math.imul(POWERS_B[n - 1]!, MB);
}

const encoder = new TextEncoder();
// 64 KiB of UTF-8 at a time: the text is read as the bytes a file of it holds, without ever
// holding all of them (generated files are megabytes).
const chunk = new Uint8Array(1 << 16);
// The same chunk as 32-bit words: four bytes a read. The words' byte order is the platform's, so
// on a big-endian machine (none we know of runs a browser) the bytes are read one at a time.
const words = new Int32Array(chunk.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The sum of a text's UTF-8 bytes (see {@link rendered}). */
export function sumOf(text: string): TextSum {
  return rendered(text);
}

/**
 * A text with the sum of its UTF-8 bytes. The platform's encoder does the per-character work
 * (reading characters one by one in JavaScript is five times slower), and the hash reads words.
 * encodeInto never splits a character between chunks; the sum does not depend on where chunks end.
 */
export function rendered(text: string): Rendered {
  let a = 0;
  let b = 0;
  let bytes = 0;
  for (let i = 0; i < text.length;) {
    const { read, written } = encoder.encodeInto(i === 0 ? text : text.slice(i), chunk);
    i += read;
    bytes += written;
    let k = 0;
    if (LITTLE_ENDIAN) {
      const whole = written >> 2;
      for (let w = 0; w < whole; w++) {
        const word = words[w]!;
        const c0 = word & 0xff;
        const c1 = (word >>> 8) & 0xff;
        const c2 = (word >>> 16) & 0xff;
        const c3 = word >>> 24;
        // Four steps of h = h * M + byte at once; every intermediate kept in 32 bits.
        let x = (Math.imul(c0, MA3) + Math.imul(c1, MA2)) | 0;
        x = (x + Math.imul(c2, MA) + c3) | 0;
        a = (Math.imul(a, MA4) + x) | 0;
        let y = (Math.imul(c0, MB3) + Math.imul(c1, MB2)) | 0;
        y = (y + Math.imul(c2, MB) + c3) | 0;
        b = (Math.imul(b, MB4) + y) | 0;
      }
      k = whole << 2;
    }
    for (; k < written; k++) {
      a = (Math.imul(a, MA) + chunk[k]!) | 0;
      b = (Math.imul(b, MB) + chunk[k]!) | 0;
    }
  }
  return { text, a, b, pa: power(POWERS_A, MA, bytes), pb: power(POWERS_B, MB, bytes), bytes };
}

/**
 * The concatenation of parts and its sum, from the parts' sums. The text is concatenated pairwise
 * (a balanced tree of the engine's string ropes): nothing is copied until something reads
 * the whole text, and a preview or a file write reads only the files it needs.
 */
export function joinRendered(parts: readonly Rendered[]): Rendered {
  let a = 0;
  let b = 0;
  let pa = 1;
  let pb = 1;
  let bytes = 0;
  for (const sum of parts) {
    a = (Math.imul(a, sum.pa) + sum.a) | 0;
    b = (Math.imul(b, sum.pb) + sum.b) | 0;
    pa = Math.imul(pa, sum.pa);
    pb = Math.imul(pb, sum.pb);
    bytes += sum.bytes;
  }
  return { text: concat(parts, 0, parts.length), a, b, pa, pb, bytes };
}

function concat(parts: readonly Rendered[], from: number, to: number): string {
  if (to - from === 0) return '';
  if (to - from === 1) return parts[from]!.text;
  const mid = (from + to) >>> 1;
  return concat(parts, from, mid) + concat(parts, mid, to);
}

/** Murmur3's 32-bit finaliser: every input bit reaches every output bit. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** manifest.json's `hash` for a sum: 16 hex digits. */
export function hashOfSum(sum: TextSum): string {
  const size = sum.bytes | 0;
  const high = mix((sum.b ^ Math.imul(sum.a, 0x9e3779b1) ^ size) | 0);
  const low = mix((sum.a ^ Math.imul(high, 0x27d4eb2f) ^ Math.imul(size, 0x165667b1)) | 0);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/** The fingerprint and the UTF-8 size of a text. */
export function fingerprint(text: string): { hash: string; bytes: number } {
  const sum = sumOf(text);
  return { hash: hashOfSum(sum), bytes: sum.bytes };
}
