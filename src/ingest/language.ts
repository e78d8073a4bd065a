import { eld } from 'eld/medium';

export interface Language {
  /** ISO 639-1 code, or null when the text is too short to tell. */
  code: string | null;
  /** True when the detector is confident. */
  reliable: boolean;
}

/** Language of a text from the first few thousand characters (the ELD n-gram model ships in its npm package). */
export function detectLanguage(text: string): Language {
  const sample = text.slice(0, 4000);
  if (sample.replace(/[^\p{L}]/gu, '').length < 20) return { code: null, reliable: false };
  const r = eld.detect(sample);
  const code = r.language || null;
  return { code, reliable: Boolean(code) && r.isReliable() };
}
