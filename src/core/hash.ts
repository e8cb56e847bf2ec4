/**
 * A stable, dependency-free 64-bit fingerprint for manifest.json: two 32-bit FNV-1a lanes with
 * different offsets over the UTF-16 code units, written as 16 hex digits. Not a security hash;
 * it only tells two files apart, and it is fast enough for megabytes of rules.
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

const encoder = new TextEncoder();
// 64 KiB of UTF-8 at a time: the text is hashed as the bytes a file of it holds, without ever
// holding all of them (generated files are megabytes).
const chunk = new Uint8Array(1 << 16);

/**
 * The fingerprint and the UTF-8 size of a text in one pass, over its UTF-8 bytes four at a time
 * (the platform's native encoder does the per-character work; a loop over UTF-16 code units was
 * the slowest step of generating a large spec). encodeInto never splits a character between
 * chunks, so the bytes and the hash are those of the whole text.
 */
export function fingerprint(text: string): { hash: string; bytes: number } {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let bytes = 0;
  for (let i = 0; i < text.length;) {
    const { read, written } = encoder.encodeInto(i === 0 ? text : text.slice(i), chunk);
    i += read;
    bytes += written;
    const whole = written & ~3;
    let k = 0;
    for (; k < whole; k += 4) {
      // Little-endian words built by hand: the same hash on every platform.
      const w = chunk[k]! | (chunk[k + 1]! << 8) | (chunk[k + 2]! << 16) | (chunk[k + 3]! << 24);
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(b ^ w, 0x5bd1e995) ^ (a >>> 15);
    }
    for (; k < written; k++) {
      a = Math.imul(a ^ chunk[k]!, 0x01000193);
      b = Math.imul(b ^ a, 0x5bd1e995);
    }
  }
  return { hash: (b >>> 0).toString(16).padStart(8, '0') + (a >>> 0).toString(16).padStart(8, '0'), bytes };
}
