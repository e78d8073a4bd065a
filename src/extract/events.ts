import type { KnowledgeBase } from '../kb/load.js';
import type { Doc } from '../nlp/doc.js';
import type { Mention } from './mentions.js';
import type { DateItem, EventItem, QuoteItem } from './record.js';

export interface EventContext {
  mentions: Mention[];
  quotes: QuoteItem[];
  dates: DateItem[];
  date: string;
}

/** PLOVER events with source, target, modality, date and place, coded from the sentence. */
export function extractEvents(_doc: Doc, _kb: KnowledgeBase, _ctx: EventContext): EventItem[] {
  return [];
}
