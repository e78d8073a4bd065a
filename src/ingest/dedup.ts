import { hamming, shingles } from './simhash.js';

/** SimHash distances beyond this are never the same story, whatever the shingles say. */
export const MAX_CANDIDATE_DISTANCE = 12;
/** Share of the shorter text's shingles found in the other: the near-duplicate test. */
export const MIN_CONTAINMENT = 0.8;

export function containment(a: string, b: string): number {
  const A = new Set(shingles(a));
  const B = new Set(shingles(b));
  if (!A.size || !B.size) return 0;
  const [small, big] = A.size <= B.size ? [A, B] : [B, A];
  let n = 0;
  for (const s of small) if (big.has(s)) n++;
  return n / small.size;
}

/** True when two texts are the same story republished (a new header, an added sentence). */
export function isNearDuplicate(
  a: { text: string; simhash: string },
  b: { text: string; simhash: string },
): boolean {
  return (
    hamming(a.simhash, b.simhash) <= MAX_CANDIDATE_DISTANCE && containment(a.text, b.text) >= MIN_CONTAINMENT
  );
}
