import type { KnowledgeBase } from '../kb/load.js';
import type { Doc } from '../nlp/doc.js';
import type { Mention } from './mentions.js';

/**
 * Coreference within a document: pronouns ("he", "she", "it", "they"), role and description
 * nominals ("the spokesman", "the NATO leader", "the Russian diplomat") and surnames resolved to
 * the most recent compatible actor. Returns the mentions it adds (via "pronoun" or "nominal").
 */
export function resolveCoref(_doc: Doc, _kb: KnowledgeBase, _mentions: Mention[], _date: string): Mention[] {
  return [];
}
