// Actors as the escalation index and the clustering compare them: a country (ISO3), an
// organisation id, or a person key. People and state bodies stand for the state or organisation
// they act for on the event's date (Peskov → RUS, Stoltenberg in 2022 → NATO, a defence
// ministry → its country); armed groups, IGOs and other organisations stay themselves.
import type { KnowledgeBase } from '../kb/load.js';
import type { Organisation } from '../kb/types.js';
import { analysisLexicon } from './lexicon.js';

const firstDay = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
const lastDay = (d: string) => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);

function orgActor(kb: KnowledgeBase, org: Organisation, depth = 0): string {
  const lex = analysisLexicon(kb);
  if (org.country && lex.foldOrgTypes.has(org.type) && kb.countries.has(org.country)) return org.country;
  // A state body listed without a country takes its parent's (a general staff under its ministry);
  // an IGO body counts as its IGO.
  if (
    (lex.foldOrgTypes.has(org.type) || (org.type === 'IGO' && lex.foldIgoParent)) &&
    org.parent &&
    depth < 4
  ) {
    const parent = kb.orgs.get(org.parent);
    if (parent) return orgActor(kb, parent, depth + 1);
  }
  return org.id;
}

function holderActor(kb: KnowledgeBase, holder: string): string | null {
  if (kb.countries.has(holder)) return holder;
  const org = kb.orgs.get(holder);
  return org ? orgActor(kb, org) : null;
}

/**
 * The index-level actor of an actor key (`country:RUS`, `org:RUS-MOD`, `person:dmitry-peskov`) on
 * a date (YYYY, YYYY-MM or YYYY-MM-DD; null: the roles the person holds now).
 * Unknown keys are returned as they are, so distinct unknowns stay distinct.
 */
export function dyadActor(kb: KnowledgeBase, key: string, date: string | null): string {
  const i = key.indexOf(':');
  const kind = i < 0 ? '' : key.slice(0, i);
  const id = key.slice(i + 1);
  if (kind === 'country') return kb.countries.has(id) ? id : key;
  if (kind === 'org') {
    const org = kb.orgs.get(id);
    return org ? orgActor(kb, org) : key;
  }
  if (kind === 'person') {
    const p = kb.people.get(id);
    if (!p) return key;
    const from = date ? firstDay(date) : null;
    const to = date ? lastDay(date) : null;
    const roles = [...p.roles].sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''));
    for (const r of roles) {
      if (from && to) {
        if (r.start && firstDay(r.start) > to) continue;
        if (r.end && lastDay(r.end) < from) continue;
      } else if (r.end) continue;
      const holder = holderActor(kb, r.office.slice(0, r.office.indexOf(':')));
      if (holder) return holder;
    }
    return p.country && kb.countries.has(p.country) ? p.country : key;
  }
  return key;
}

/** The states and organisations whose offices a person holds on a date (`org:ID` / `country:ID` keys). */
export function officeHolders(kb: KnowledgeBase, personId: string, date: string | null): string[] {
  const p = kb.people.get(personId);
  if (!p) return [];
  const from = date ? firstDay(date) : null;
  const to = date ? lastDay(date) : null;
  const out: string[] = [];
  for (const r of p.roles) {
    if (from && to) {
      if (r.start && firstDay(r.start) > to) continue;
      if (r.end && lastDay(r.end) < from) continue;
    } else if (r.end) continue;
    const holder = r.office.slice(0, r.office.indexOf(':'));
    const key = kb.countries.has(holder) ? `country:${holder}` : kb.orgs.has(holder) ? `org:${holder}` : null;
    if (key && !out.includes(key)) out.push(key);
  }
  return out;
}

/** Index-level actors of several keys, deduplicated, in order. */
export function dyadActors(kb: KnowledgeBase, keys: string[], date: string | null): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const a = dyadActor(kb, k, date);
    if (!out.includes(a)) out.push(a);
  }
  return out;
}

/** A readable name for an index-level actor id. */
export function actorLabel(kb: KnowledgeBase, id: string): string {
  const c = kb.countries.get(id);
  if (c) return c.name;
  const o = kb.orgs.get(id);
  if (o) return o.acronyms[0] ?? o.name;
  if (id.startsWith('person:')) return kb.people.get(id.slice(7))?.name ?? id;
  return id.replace(/^new:(?:org|person):/, '');
}

/** What a user typed for an actor (RUS, Russia, NATO, nato, Peskov) → index-level id, or the input. */
export function parseActor(kb: KnowledgeBase, input: string): string {
  const s = input.trim();
  const up = s.toUpperCase();
  if (kb.countries.has(up)) return up;
  if (kb.orgs.has(up)) return holderActor(kb, up) ?? up;
  const lower = s.toLowerCase();
  for (const c of kb.countries.values())
    if (c.name.toLowerCase() === lower || c.aliases.some((a) => a.toLowerCase() === lower)) return c.id;
  for (const o of kb.orgs.values())
    if (
      o.name.toLowerCase() === lower ||
      o.acronyms.some((a) => a.toLowerCase() === lower) ||
      o.aliases.some((a) => a.toLowerCase() === lower)
    )
      return orgActor(kb, o);
  if (kb.people.has(lower)) return `person:${lower}`;
  return s;
}
