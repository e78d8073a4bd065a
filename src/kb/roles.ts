import { holderAt, type KnowledgeBase, type Tenure } from './load.js';
import type { MatchToken, TrieMatch } from './match.js';
import type { Candidate } from './types.js';

/** A role phrase resolved to an office and, on the given date, its holder. */
export interface RoleResolution {
  start: number;
  end: number;
  /** Token range of the whole phrase. */
  from: number;
  to: number;
  office: string;
  holder: Tenure | null;
  /** How the phrase was read, for explanations. */
  why: string;
}

/** Actors that can hold offices: a country (and its metonyms and demonyms) or an organisation. */
function holderIds(kb: KnowledgeBase, cands: Candidate[]): string[] {
  const out: string[] = [];
  for (const c of cands) {
    if (c.kind === 'country') out.push(c.id);
    else if (c.kind === 'org') {
      out.push(c.id);
      // A state body stands for its state's offices too ("Kremlin spokesman" → Russia's).
      const org = kb.orgs.get(c.id);
      if (org?.country && org.type === 'GOV') out.push(org.country);
    }
  }
  return [...new Set(out)];
}

/** One holder at a time: only then does "the NATO chief" name a person rather than a post. */
export function isSingleOffice(kb: KnowledgeBase, office: string): boolean {
  const own = kb.offices.get(office)?.single;
  if (own !== undefined) return own;
  const role = office.slice(office.indexOf(':') + 1);
  return kb.roleByKey.get(role)?.single === true;
}

// "a NATO spokesperson", "two US officials": someone holding the post, not the office holder.
const INDEFINITE = new Set([
  'a',
  'an',
  'one',
  'another',
  'two',
  'three',
  'several',
  'some',
  'many',
  'other',
  'senior',
  'former',
  'ex',
]);

function pick(
  kb: KnowledgeBase,
  holders: string[],
  roles: string[],
  date: string,
): { office: string; holder: Tenure | null } | null {
  let fallback: { office: string; holder: Tenure | null } | null = null;
  for (const r of roles) {
    for (const h of holders) {
      const office = `${h}:${r}`;
      if (!kb.tenures.has(office) && !kb.offices.has(office)) continue;
      if (!isSingleOffice(kb, office)) continue;
      const holder = holderAt(kb, office, date);
      if (holder) return { office, holder };
      fallback ??= { office, holder: null };
    }
  }
  return fallback;
}

/**
 * Role phrases over match tokens: "NATO Secretary General", "Russian President", "the Kremlin
 * spokesman", "Secretary General of NATO", "Russia's foreign minister", and office titles of
 * their own ("Secretary of State"). `names` are the entity matches over the same tokens.
 */
export function resolveRoles(
  kb: KnowledgeBase,
  toks: MatchToken[],
  names: TrieMatch<Candidate>[],
  date: string,
): RoleResolution[] {
  const out: RoleResolution[] = [];
  const endingAt = new Map<number, TrieMatch<Candidate>>();
  const startingAt = new Map<number, TrieMatch<Candidate>>();
  for (const m of names) {
    endingAt.set(m.to, m);
    startingAt.set(m.from, m);
  }
  const titled = new Set<number>();
  for (const m of kb.officeTitles.scan(toks, false)) {
    const office = m.values[0]!;
    if (INDEFINITE.has(toks[m.from - 1]?.norm ?? '') || !isSingleOffice(kb, office)) continue;
    out.push({
      start: m.start,
      end: m.end,
      from: m.from,
      to: m.to,
      office,
      holder: holderAt(kb, office, date),
      why: `office title of ${office}`,
    });
    for (let k = m.from; k < m.to; k++) titled.add(k);
  }
  for (const r of kb.roleNouns.scan(toks, true)) {
    if (titled.has(r.from)) continue;
    // Descriptors ("official", "diplomat") are for coreference, never an office.
    const roles = [...new Set(r.values.filter((v) => !v.descriptor).flatMap((v) => v.roles))];
    if (!roles.length) continue;
    // HOLDER ROLE ("NATO chief"), HOLDER 's ROLE ("Russia's foreign minister")
    let before = endingAt.get(r.from);
    let from = before?.from ?? r.from;
    if (!before && toks[r.from - 1]?.norm === 's' && toks[r.from - 2]?.norm === "'") {
      before = endingAt.get(r.from - 2);
      from = before?.from ?? from;
    }
    // ROLE of (the) HOLDER ("President of Russia")
    let after: TrieMatch<Candidate> | undefined;
    if (!before && toks[r.to]?.norm === 'of') {
      after =
        startingAt.get(r.to + 1) ?? (toks[r.to + 1]?.norm === 'the' ? startingAt.get(r.to + 2) : undefined);
    }
    const holderMatch = before ?? after;
    if (!holderMatch) continue;
    const det = toks[from - 1]?.norm ?? '';
    if (INDEFINITE.has(det) || (det === 'former' && toks[from - 2]?.norm === 'the')) continue;
    const holders = holderIds(kb, holderMatch.values);
    const hit = pick(kb, holders, roles, date);
    if (!hit) continue;
    const to = after ? after.to : r.to;
    out.push({
      start: toks[from]!.start,
      end: toks[to - 1]!.end,
      from,
      to,
      office: hit.office,
      holder: hit.holder,
      why: `role noun "${toks
        .slice(r.from, r.to)
        .map((t) => t.surface)
        .join(' ')}" of ${holders.join('/')}`,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}
