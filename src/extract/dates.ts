import type { Doc } from '../nlp/doc.js';
import type { DateItem } from './record.js';

/** Every date expression in the Doc, normalised against the publication date. */
export function extractDates(_doc: Doc): DateItem[] {
  return [];
}
