import type { KnowledgeBase } from '../kb/load.js';
import type { Doc } from '../nlp/doc.js';
import type { Mention } from './mentions.js';
import type { QuoteItem } from './record.js';

/** Direct and indirect speech with speakers resolved through the mention and coreference layers. */
export function extractQuotes(
  _doc: Doc,
  _kb: KnowledgeBase,
  _mentions: Mention[],
  _date: string,
): QuoteItem[] {
  return [];
}
