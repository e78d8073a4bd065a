// Mentions: every stretch of text that names an actor, a place or a weapon, with what it
// resolves to. Knowledge-base names first (one trie pass over the text), then role phrases
// resolved by date, then proper-noun runs the knowledge base does not know, typed by cues.
import { citiesNamed } from '../kb/gazetteer.js';
import type { KnowledgeBase } from '../kb/load.js';
import { type MatchToken, matchTokens, type TrieMatch } from '../kb/match.js';
import { resolveRoles } from '../kb/roles.js';
import type { Candidate } from '../kb/types.js';
import { type Doc, sentenceAt, type Token } from '../nlp/doc.js';

export type MentionKind = 'person' | 'country' | 'org' | 'group' | 'place' | 'weapon' | 'outlet';

export interface Mention {
  start: number;
  end: number;
  kind: MentionKind;
  /** Entity key, `kind:id` ("person:jens-stoltenberg", "country:RUS"); `new:…` for names the KB lacks. */
  key: string;
  /** How it was recognised: name, alias, acronym, short, metonym, demonym, role, title-cue, … */
  via: string;
  sentence: number;
  /** Office the phrase names, for role mentions ("NATO Secretary General" → NATO:head). */
  office?: string;
  /** Role phrase text that introduced a person, e.g. "Russian Foreign Minister". */
  title?: string;
}

// Words that make a following capitalised name a place ("in Shebekino", "near Kherson").
const LOCATIVE = new Set([
  'in',
  'near',
  'at',
  'outside',
  'around',
  'inside',
  'into',
  'across',
  'over',
  'from',
  'towards',
  'toward',
  'via',
  'of',
]);
const STRICT_LOCATIVE = new Set(['in', 'near', 'outside', 'around', 'inside', 'across', 'over']);
// Title words before a name make it a person ("Governor Vyacheslav Gladkov").
const PERSON_TITLES = new Set([
  'president',
  'governor',
  'minister',
  'mayor',
  'general',
  'gen',
  'admiral',
  'colonel',
  'col',
  'lieutenant',
  'major',
  'captain',
  'commander',
  'ambassador',
  'envoy',
  'senator',
  'sen',
  'rep',
  'representative',
  'chancellor',
  'premier',
  'secretary',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'chief',
  'king',
  'queen',
  'prince',
  'sheikh',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'judge',
  'prosecutor',
  'sergeant',
  'lt',
  'gov',
  'deputy',
  'leader',
  'head',
  'director',
  'adviser',
  'advisor',
  'councillor',
  'lawmaker',
  'mp',
]);
const ORG_HEADS = new Set([
  'ministry',
  'council',
  'agency',
  'committee',
  'commission',
  'department',
  'office',
  'service',
  'institute',
  'army',
  'brigade',
  'battalion',
  'regiment',
  'division',
  'corps',
  'forces',
  'party',
  'front',
  'movement',
  'court',
  'bank',
  'university',
  'organization',
  'organisation',
  'authority',
  'administration',
  'parliament',
  'assembly',
  'group',
  'company',
  'corporation',
  'fund',
  'union',
  'alliance',
  'coalition',
  'directorate',
  'guard',
  'command',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that']);
// Capitalised words that are never names of people or towns: calendar words and name-internal
// connectors ("General Coordination of …" is an office, not a general).
const NOT_NAME_WORDS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'of',
  'for',
  'and',
  'the',
  'persons',
  'people',
  'affairs',
  'coordination',
  'office',
  'today',
  'spring',
  'summer',
  'autumn',
  'winter',
]);
const PLACE_NOUNS = new Set([
  'headquarters',
  'hq',
  'summit',
  'airport',
  'suburb',
  'suburbs',
  'outskirts',
  'streets',
  'district',
  'residents',
  'metro',
  'station',
  'embassy',
  'region',
  'area',
  'skyline',
  'hotel',
  'venue',
]);
const PLACE_HEADS = new Set([
  'region',
  'oblast',
  'province',
  'district',
  'governorate',
  'krai',
  'county',
  'city',
  'village',
  'town',
]);

/** Candidates of a KB match, best reading first: metonyms name governments, not state bodies. */
function ranked(values: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const order: Record<string, number> = { person: 0, country: 1, org: 2, weapon: 3, outlet: 4, place: 5 };
  return values
    .filter((c) => {
      const k = `${c.kind}:${c.id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => {
      if (a.via === 'metonym' && b.via !== 'metonym') return -1;
      if (b.via === 'metonym' && a.via !== 'metonym') return 1;
      return (order[a.kind] ?? 9) - (order[b.kind] ?? 9);
    });
}

interface Context {
  doc: Doc;
  kb: KnowledgeBase;
  toks: MatchToken[];
  date: string;
  /** Organisations mentioned so far, with the offset of their first mention. */
  seenOrgs: Map<string, number>;
  /** KB mentions by end offset, to join a place named right before an unknown org's name. */
  byEnd: Map<number, Mention>;
}

const prevWord = (toks: MatchToken[], i: number) => (i > 0 ? toks[i - 1]!.norm : '');
const prevWordSkipThe = (toks: MatchToken[], i: number) => {
  const p = prevWord(toks, i);
  return p === 'the' ? prevWord(toks, i - 1) : p;
};

/** A KB name match becomes a mention, deciding between actor and place readings by context. */
function fromName(ctx: Context, m: TrieMatch<Candidate>, fullNames: Set<string>): Mention | null {
  const { toks, kb } = ctx;
  let cands = ranked(m.values);
  const sentence = sentenceAt(ctx.doc, m.start);
  const prep = prevWordSkipThe(toks, m.from);
  const locative = STRICT_LOCATIVE.has(prep);
  const surface = toks.slice(m.from, m.to);
  const nextTok = tokenAfter(ctx, m.end);
  // "the Brussels headquarters", "the Moscow suburbs": a capital used as a modifier of a place noun.
  const metonym = cands.find((c) => c.kind === 'country' && c.via === 'metonym');
  if (metonym && nextTok && PLACE_NOUNS.has(nextTok.text.toLowerCase())) {
    return {
      start: m.start,
      end: m.end,
      kind: 'place',
      key: `capital:${metonym.id}`,
      via: 'capital',
      sentence,
    };
  }
  const amb = kb.ambiguities.get(surface.map((t) => t.norm).join(' '));
  if (amb && !locative) {
    // A listed ambiguity: its default reading, or none when the table says context must decide.
    if (!amb.default) return null;
    const want = amb.default.includes(':') ? amb.default : null;
    const hit = cands.filter((c) => (want ? `${c.kind}:${c.id}` === want : c.id === amb.default));
    if (hit.length) cands = hit;
  }
  // Disputed and occupied territories named on their own are places ("in Crimea"), not governments.
  const territory = cands.find(
    (c) => c.kind === 'country' && !['member', 'observer'].includes(kb.countries.get(c.id)?.status ?? ''),
  );
  const place = cands.find((c) => c.kind === 'place');
  if (territory && place) cands = [place, ...cands.filter((c) => c !== place && c !== territory)];
  for (const c of cands) {
    if (c.kind === 'person') {
      // A surname alone is only trusted for someone already named in full, or for someone in office.
      if (c.via === 'short' && !fullNames.has(c.id)) {
        const p = kb.people.get(c.id);
        const inOffice = p?.roles.some(
          (r) => (!r.start || r.start <= ctx.date) && (!r.end || r.end > ctx.date),
        );
        const others = cands.filter((x) => x.kind === 'person').length;
        if (!inOffice || others > 1) continue;
      }
      fullNames.add(c.id);
      return { start: m.start, end: m.end, kind: 'person', key: `person:${c.id}`, via: c.via, sentence };
    }
    if (c.kind === 'country') {
      if (c.via === 'demonym') return null; // adjectives feed role phrases and groups, not actors
      if (c.via === 'metonym' && locative) {
        return {
          start: m.start,
          end: m.end,
          kind: 'place',
          key: `capital:${c.id}`,
          via: 'capital',
          sentence,
        };
      }
      return { start: m.start, end: m.end, kind: 'country', key: `country:${c.id}`, via: c.via, sentence };
    }
    if (c.kind === 'org') {
      // "Russian troops", "Ukrainian forces": a demonym and a group noun name a collective, which
      // is an actor only when it acts in an event; the formal name ("Armed Forces of Ukraine") is an org.
      const org = kb.orgs.get(c.id);
      const lastWord = surface.at(-1)!.surface;
      const kind = org?.sector === 'MIL' && /^\p{Ll}/u.test(lastWord) && c.via === 'alias' ? 'group' : 'org';
      return { start: m.start, end: m.end, kind, key: `org:${c.id}`, via: c.via, sentence };
    }
    if (c.kind === 'weapon')
      return { start: m.start, end: m.end, kind: 'weapon', key: `weapon:${c.id}`, via: c.via, sentence };
    if (c.kind === 'outlet')
      return { start: m.start, end: m.end, kind: 'outlet', key: `outlet:${c.id}`, via: c.via, sentence };
    if (c.kind === 'place') {
      const p = kb.places.get(c.id);
      // "the Baltic nations", "Gaza residents": a place name used as a modifier of a plural noun.
      if (
        p &&
        p.kind !== 'city' &&
        nextTok &&
        nextTok.pos === 'NOUN' &&
        /s$/.test(nextTok.text) &&
        /^\p{Ll}/u.test(nextTok.text)
      ) {
        return null;
      }
      return { start: m.start, end: m.end, kind: 'place', key: `place:${c.id}`, via: c.via, sentence };
    }
  }
  return null;
}

/** The wink token starting at or right after `offset` (for its part of speech). */
function tokenAfter(ctx: Context, offset: number): Token | null {
  const t = ctx.doc.layers.tokens;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return t[lo] ?? null;
}

const isCap = (s: string) => /^\p{Lu}/u.test(s);

/**
 * Proper-noun runs the knowledge base does not know. Only typed by a cue: a title before the
 * name (person), an organisation head noun inside it (org), a place cue around it (place).
 * Uncued capitalised words are left alone: sentence starts and headings are too noisy.
 */
function unknownNames(ctx: Context, covered: Uint8Array): Mention[] {
  const { toks } = ctx;
  const out: Mention[] = [];
  let i = 0;
  while (i < toks.length) {
    if (covered[i] || !isCap(toks[i]!.surface) || !/\p{L}/u.test(toks[i]!.surface)) {
      i++;
      continue;
    }
    let j = i;
    while (j < toks.length && !covered[j] && isCap(toks[j]!.surface) && /^\p{L}/u.test(toks[j]!.surface)) j++;
    // Allow "of"/"for" inside organisation names ("Ministry of Health").
    while (
      j + 1 < toks.length &&
      (toks[j]!.norm === 'of' || toks[j]!.norm === 'for') &&
      isCap(toks[j + 1]!.surface) &&
      !covered[j + 1]
    ) {
      j += 2;
      while (j < toks.length && !covered[j] && isCap(toks[j]!.surface)) j++;
    }
    // A title or article opening the run ("Governor Ivan X", "The Saltivskyi district") is not part of the name.
    while (i + 1 < j && (PERSON_TITLES.has(toks[i]!.norm) || DETERMINERS.has(toks[i]!.norm))) i++;
    const words = toks.slice(i, j);
    const start = words[0]!.start;
    const end = words.at(-1)!.end;
    const text = ctx.doc.text.slice(start, end);
    const sentence = sentenceAt(ctx.doc, start);
    const prev = prevWord(toks, i);
    const last = words.at(-1)!.norm;
    const firstInSentence = sentence >= 0 && ctx.doc.layers.sentences[sentence]!.start === start;
    let mention: Mention | null = null;
    if (ORG_HEADS.has(last) || words.some((w) => w.norm === 'ministry')) {
      // "the General Assembly" after "the UN General Assembly": a short form of a named org.
      const known = shortFormOf(ctx, text, start);
      // "Kharkiv Oblast Military Administration": a place named just before belongs to the org's name.
      const lead = ctx.byEnd.get(start - 1);
      const adjacent =
        lead && (lead.kind === 'place' || lead.kind === 'country') && ctx.doc.text[start - 1] === ' ';
      const from = adjacent ? lead.start : start;
      if (known) mention = { start, end, kind: 'org', key: known, via: 'short-form', sentence };
      else if (words.length >= 2 || adjacent) {
        mention = {
          start: from,
          end,
          kind: 'org',
          key: `new:org:${ctx.doc.text.slice(from, end)}`,
          via: 'org-head',
          sentence,
        };
      }
    } else if (PLACE_HEADS.has(toks[j]?.norm ?? '') && words.length <= 3) {
      mention = { start, end, kind: 'place', key: `new:place:${text}`, via: 'place-head', sentence };
    } else if (
      PERSON_TITLES.has(prev) &&
      isCap(toks[i - 1]!.surface) &&
      words.length >= 2 &&
      words.length <= 4 &&
      words.every((w) => isCap(w.surface) && !NOT_NAME_WORDS.has(w.norm))
    ) {
      mention = { start, end, kind: 'person', key: `new:person:${text}`, via: 'title-cue', sentence };
    } else if (
      LOCATIVE.has(prev) &&
      prev !== 'of' &&
      words.length <= 3 &&
      !firstInSentence &&
      !NOT_NAME_WORDS.has(words[0]!.norm) &&
      citiesNamed(text).length
    ) {
      mention = { start, end, kind: 'place', key: `new:place:${text}`, via: 'place-cue', sentence };
    }
    if (mention) out.push(mention);
    i = j;
  }
  return out;
}

/** An organisation already mentioned whose name or alias ends with `text`. */
function shortFormOf(ctx: Context, text: string, before: number): string | null {
  const want = ` ${text.toLowerCase()}`;
  for (const [key, at] of ctx.seenOrgs) {
    if (at >= before) continue;
    const org = ctx.kb.orgs.get(key.slice(4));
    if (!org) continue;
    if ([org.name, ...org.aliases].some((n) => ` ${n.toLowerCase()}`.endsWith(want))) return key;
  }
  return null;
}

export interface MentionLayer {
  mentions: Mention[];
  tokens: MatchToken[];
}

/** All mentions in a Doc, in text order; `date` resolves roles ("the NATO chief" in 2022). */
export function findMentions(doc: Doc, kb: KnowledgeBase, date: string): MentionLayer {
  const toks = matchTokens(doc.text);
  const ctx: Context = { doc, kb, toks, date, seenOrgs: new Map(), byEnd: new Map() };
  const names = kb.names.scan(toks);
  const roles = resolveRoles(kb, toks, names, date);
  const mentions: Mention[] = [];
  const covered = new Uint8Array(toks.length);
  const fullNames = new Set<string>();
  for (const r of roles) {
    if (!r.holder) continue;
    mentions.push({
      start: r.start,
      end: r.end,
      kind: 'person',
      key: `person:${r.holder.person}`,
      via: 'role',
      sentence: sentenceAt(doc, r.start),
      office: r.office,
      title: doc.text.slice(r.start, r.end),
    });
    fullNames.add(r.holder.person);
    for (let k = r.from; k < r.to; k++) covered[k] = 2;
  }
  for (const m of names) {
    if (covered[m.from] === 2) {
      // The holder named inside a role phrase ("NATO" in "NATO chief") is an actor too.
      const c = ranked(m.values)[0];
      if (c && (c.kind === 'org' || c.kind === 'country') && c.via !== 'demonym') {
        mentions.push({
          start: m.start,
          end: m.end,
          kind: c.kind,
          key: `${c.kind}:${c.id}`,
          via: c.via,
          sentence: sentenceAt(doc, m.start),
        });
      }
      continue;
    }
    if (covered[m.from]) continue;
    const mention = fromName(ctx, m, fullNames);
    for (let k = m.from; k < m.to; k++) covered[k] = 1;
    if (mention) mentions.push(mention);
  }
  for (const m of mentions) {
    if (m.kind === 'org' && !ctx.seenOrgs.has(m.key)) ctx.seenOrgs.set(m.key, m.start);
    ctx.byEnd.set(m.end, m);
  }
  const unknown = unknownNames(ctx, covered);
  // A KB place absorbed into an unknown org's name ("Kharkiv Oblast Military Administration") is not a place there.
  const absorbed = new Set(unknown.filter((u) => u.kind === 'org').map((u) => u.start));
  const kept = mentions.filter(
    (m) => !(absorbed.has(m.start) && (m.kind === 'place' || m.kind === 'country')),
  );
  mentions.length = 0;
  mentions.push(...kept, ...unknown);
  return { mentions: mentions.sort((a, b) => a.start - b.start), tokens: toks };
}
