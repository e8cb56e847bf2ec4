/**
 * FNV-1a (64-bit) over UTF-8 bytes: a stable, dependency-free fingerprint for manifest.json. Not a
 * security hash; it only tells two specs apart.
 */
export function fnv1a64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (const b of bytes) {
    hash ^= BigInt(b);
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}
