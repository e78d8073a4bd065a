// What a reader hands to cleaning: one document as found, before any interpretation.

export type RawFormat = 'txt' | 'html' | 'jsonl';

export interface RawDoc {
  /** Where it came from, for messages: a path, `path:line`, or `stdin`. */
  origin: string;
  format: RawFormat;
  /** Text or HTML exactly as read (decoded). */
  body: string;
  /** Fields a structured input (JSON Lines) supplied explicitly. */
  id?: string;
  url?: string;
  title?: string;
  published?: string;
  source?: string;
}
