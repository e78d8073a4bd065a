// Outlets and their kinds (wire, public broadcaster, state-affiliated …) from the knowledge base,
// matched by name, alias or web domain; framing words counted per article.
import type { KnowledgeBase } from '../kb/load.js';
import { fold, matchTokens } from '../kb/match.js';
import type { Outlet } from '../kb/types.js';
import { analysisLexicon } from './lexicon.js';

interface OutletIndex {
  byName: Map<string, Outlet>;
  byDomain: Map<string, Outlet>;
}

const indexes = new WeakMap<KnowledgeBase, OutletIndex>();

function outletIndex(kb: KnowledgeBase): OutletIndex {
  const hit = indexes.get(kb);
  if (hit) return hit;
  const idx: OutletIndex = { byName: new Map(), byDomain: new Map() };
  for (const o of kb.outlets.values()) {
    for (const n of [o.name, ...o.aliases]) if (!idx.byName.has(fold(n))) idx.byName.set(fold(n), o);
    for (const d of o.domains) idx.byDomain.set(d.toLowerCase(), o);
  }
  indexes.set(kb, idx);
  return idx;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/**
 * The knowledge-base outlet an article's source line names ("Reuters", "AL JAZEERA AND NEWS
 * AGENCIES", "teleSUR - Sputnik"): the whole line, else the first outlet name in it, else the
 * URL's domain.
 */
export function outletOf(kb: KnowledgeBase, source: string | null, url: string | null = null): Outlet | null {
  const idx = outletIndex(kb);
  if (source) {
    const whole = idx.byName.get(fold(source.trim()));
    if (whole) return whole;
    for (const m of kb.names.scan(matchTokens(source))) {
      const c = m.values.find((v) => v.kind === 'outlet');
      if (c) return kb.outlets.get(c.id) ?? null;
    }
  }
  const host = hostOf(url);
  if (host) {
    for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
      const o = idx.byDomain.get(h);
      if (o) return o;
    }
  }
  return null;
}

/** How an article's outlet is shown: the knowledge base's name when known, else the source line. */
export function outletName(kb: KnowledgeBase, source: string | null, url: string | null = null): string {
  return outletOf(kb, source, url)?.name ?? source?.trim() ?? '(unknown outlet)';
}

export interface FramingCount {
  concept: string;
  variant: string;
  count: number;
}

/** Framing words of a text (kb/lexicon/framing.jsonl), counted by concept and variant. */
export function framingCounts(kb: KnowledgeBase, text: string): FramingCount[] {
  const lex = analysisLexicon(kb);
  const counts = new Map<string, FramingCount>();
  const add = (form: string) => {
    const hit = lex.framingForms.get(form) ?? lex.framingForms.get(fold(form));
    if (!hit) return;
    const k = `${hit.concept}\u0000${hit.variant}`;
    const c = counts.get(k);
    if (c) c.count++;
    else counts.set(k, { concept: hit.concept, variant: hit.variant, count: 1 });
  };
  for (const re of lex.framingPatterns) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) add(m[0]);
  }
  return [...counts.values()].sort(
    (a, b) => a.concept.localeCompare(b.concept) || a.variant.localeCompare(b.variant),
  );
}
