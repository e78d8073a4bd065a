// 64-bit SimHash over word 3-shingles, kept as two 32-bit halves to stay out of BigInt.

function hash32(s: string, seed: number): number {
  // FNV-1a variant with a seed: fast and well enough mixed for shingle hashing.
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return h >>> 0;
}

export function shingles(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length < 3) return words.length ? [words.join(' ')] : [];
  const out: string[] = [];
  for (let i = 0; i + 2 < words.length; i++) out.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/** SimHash as a 16-digit hex string. */
export function simhash(text: string): string {
  const acc = new Int32Array(64);
  for (const sh of shingles(text)) {
    const a = hash32(sh, 0);
    const b = hash32(sh, 0x9e3779b9);
    for (let i = 0; i < 32; i++) {
      acc[i]! += (a >>> i) & 1 ? 1 : -1;
      acc[32 + i]! += (b >>> i) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) {
    if (acc[i]! > 0) hi |= 1 << i;
    if (acc[32 + i]! > 0) lo |= 1 << i;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

export function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (Number.parseInt(a.slice(i, i + 8), 16) ^ Number.parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

/** Four 16-bit bands: two hashes within distance 3 share at least one band (pigeonhole). */
export function bands(hash: string): [number, number, number, number] {
  return [0, 4, 8, 12].map((i) => Number.parseInt(hash.slice(i, i + 4), 16)) as [
    number,
    number,
    number,
    number,
  ];
}

/** Hashes at most this far apart are the same story republished. */
export const NEAR_DUPLICATE_DISTANCE = 3;
