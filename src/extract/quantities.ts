import type { Doc } from '../nlp/doc.js';
import type { QuantityItem } from './record.js';

/** Numeric claims that matter in conflict reporting: casualties, displacement, troops, money … */
export function extractQuantities(_doc: Doc): QuantityItem[] {
  return [];
}
