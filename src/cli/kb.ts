import { type Command, Option } from 'commander';
import { defaultKb, type KnowledgeBase } from '../kb/load.js';
import { matchTokens } from '../kb/match.js';
import { resolveRoles } from '../kb/roles.js';
import type { Candidate } from '../kb/types.js';
import { isoDate, kbOption } from './options.js';
import { printJson, printTable } from './output.js';

interface LookupHit {
  text: string;
  span: [number, number];
  kind: 'entity' | 'role';
  resolves: { kind: string; id: string; name: string; via: string }[];
  why: string;
}

function nameOf(kb: KnowledgeBase, c: { kind: string; id: string }): string {
  const e =
    c.kind === 'country'
      ? kb.countries.get(c.id)
      : c.kind === 'org'
        ? kb.orgs.get(c.id)
        : c.kind === 'person'
          ? kb.people.get(c.id)
          : c.kind === 'place'
            ? kb.places.get(c.id)
            : c.kind === 'weapon'
              ? kb.weapons.get(c.id)
              : kb.outlets.get(c.id);
  return e?.name ?? c.id;
}

function unique(cands: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return cands.filter((c) => {
    const k = `${c.kind}:${c.id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** What a string resolves to in the knowledge base on a date, and why. */
export function lookup(kb: KnowledgeBase, text: string, date: string): LookupHit[] {
  const toks = matchTokens(text);
  const names = kb.names.scan(toks);
  const roles = resolveRoles(kb, toks, names, date);
  const hits: LookupHit[] = roles.map((r) => ({
    text: text.slice(r.start, r.end),
    span: [r.start, r.end],
    kind: 'role',
    resolves: r.holder
      ? [
          {
            kind: 'person',
            id: r.holder.person,
            name: nameOf(kb, { kind: 'person', id: r.holder.person }),
            via: r.office,
          },
        ]
      : [],
    why: `${r.why} → office ${r.office}${
      r.holder
        ? ` held by ${nameOf(kb, { kind: 'person', id: r.holder.person })} (${r.holder.start ?? '?'} – ${r.holder.end ?? (r.holder.endUnknown ? 'end unknown' : 'now')}) on ${date}`
        : ` has no known holder on ${date}`
    }`,
  }));
  const covered = (m: { start: number; end: number }) =>
    roles.some((r) => m.start >= r.start && m.end <= r.end);
  for (const m of names) {
    const amb = kb.ambiguities.get(
      toks
        .slice(m.from, m.to)
        .map((t) => t.norm)
        .join(' '),
    );
    hits.push({
      text: text.slice(m.start, m.end),
      span: [m.start, m.end],
      kind: 'entity',
      resolves: unique(m.values).map((c) => ({ kind: c.kind, id: c.id, name: nameOf(kb, c), via: c.via })),
      why: `${covered(m) ? 'inside the role phrase; ' : ''}${unique(m.values)
        .map((c) => `${c.via} of ${c.kind} ${c.id}`)
        .join('; ')}${amb ? ` (known ambiguity: ${amb.rule})` : ''}`,
    });
  }
  return hits.sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
}

export function registerKb(program: Command): void {
  const kb = program
    .command('kb')
    .description('inspect the knowledge base (packaged data plus REDLINE_KB folders)');
  kb.command('lookup')
    .description('show what a piece of text resolves to, and why')
    .argument('<text...>', 'a name, title or phrase, e.g. "NATO Secretary General"')
    .addOption(new Option('--date <date>', 'resolve roles on this date (default: today)').argParser(isoDate))
    .addOption(kbOption())
    .option('--json', 'print as JSON')
    .action((words: string[], o: { date?: string; kb?: string[]; json?: boolean }) => {
      const base = defaultKb();
      const date = o.date ?? new Date().toISOString().slice(0, 10);
      const hits = lookup(base, words.join(' '), date);
      if (o.json) {
        printJson({ text: words.join(' '), date, hits });
        return;
      }
      if (!hits.length) {
        process.stdout.write('no knowledge-base match\n');
        return;
      }
      for (const h of hits) {
        const names = h.resolves.map((r) => `${r.name} [${r.kind}:${r.id}]`).join(' | ') || '(unresolved)';
        process.stdout.write(`"${h.text}" → ${names}\n    ${h.why}\n`);
      }
    });
  kb.command('stats')
    .description('entries per knowledge-base file, and load time')
    .addOption(kbOption())
    .option('--json', 'print as JSON')
    .action((o: { kb?: string[]; json?: boolean }) => {
      const base = defaultKb();
      const totals = {
        countries: base.countries.size,
        organisations: base.orgs.size,
        people: base.people.size,
        offices: base.tenures.size,
        places: base.places.size,
        weapons: base.weapons.size,
        outlets: base.outlets.size,
        names: base.names.size,
        loadMs: Math.round(base.loadMs),
      };
      if (o.json) {
        printJson({ files: base.files, totals });
        return;
      }
      printTable(base.files as unknown as Record<string, unknown>[], [
        { key: 'file', label: 'file' },
        { key: 'schema', label: 'schema' },
        { key: 'entries', label: 'entries' },
      ]);
      process.stdout.write(
        `\n${Object.entries(totals)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n`,
      );
    });
}
