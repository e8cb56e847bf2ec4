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

/**
 * The fingerprint and the UTF-8 size of a text in one pass (generated files are megabytes; each
 * is read once). Surrogate pairs count 4 bytes, one code unit at a time.
 */
export function fingerprint(text: string): { hash: string; bytes: number } {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
    if (c >= 0x80) bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return { hash: (b >>> 0).toString(16).padStart(8, '0') + (a >>> 0).toString(16).padStart(8, '0'), bytes };
}
