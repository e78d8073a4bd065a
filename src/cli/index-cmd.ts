import { type Command, InvalidArgumentError, Option } from 'commander';
import { actorLabel, parseActor } from '../analyze/actors.js';
import { compareSources, framingByConcept } from '../analyze/compare.js';
import {
  DEFAULT_MIN_HISTORY,
  DEFAULT_THRESHOLD,
  DEFAULT_WINDOW,
  type Dyad,
  dyadTotalsOf,
  type IndexRow,
  type Period,
  parseDyad,
} from '../analyze/escalation.js';
import { clusterGroups, dyadIndex } from '../analyze/index-data.js';
import { defaultKb, type KnowledgeBase } from '../kb/load.js';
import { openSqlite } from '../store/sqlite.js';
import { dbOption, isoDate, kbOption, positiveInt } from './options.js';
import { printJson, printJsonLines, printTable } from './output.js';

interface IndexOpts {
  db: string;
  dyad?: string;
  by: Period;
  since?: string;
  until?: string;
  window: number;
  threshold: number;
  json?: boolean;
}

function dyadArg(v: string): string {
  if (!parseDyad(v))
    throw new InvalidArgumentError(`expected A:B (both directions) or A>B (A acting on B), got "${v}"`);
  return v;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${v}"`);
  return n;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
/** The z-score; at the cap the history was flat and any change is off the scale. */
const zText = (z: number) =>
  Math.abs(z) >= 99 ? (z > 0 ? '≥99 (flat history)' : '≤-99 (flat history)') : `=${fmt(z)}`;

export function registerIndexCommands(program: Command): void {
  program
    .command('index')
    .description(
      'escalation index of an actor pair per day or week (clustered events, media-volume normalised)',
    )
    .addOption(dbOption())
    .addOption(kbOption())
    .addOption(
      new Option(
        '--dyad <A:B>',
        'actor pair: RUS:NATO (both directions) or RUS>NATO (RUS acting on NATO); ISO3, organisation id or name',
      ).argParser(dyadArg),
    )
    .addOption(new Option('--by <period>', 'day or week').choices(['day', 'week']).default('week'))
    .addOption(new Option('--since <date>', 'from this day').argParser(isoDate))
    .addOption(new Option('--until <date>', 'to this day').argParser(isoDate))
    .addOption(
      new Option('--window <n>', 'trailing periods the shift test compares with')
        .default(DEFAULT_WINDOW)
        .argParser(positiveInt),
    )
    .addOption(
      new Option('--threshold <z>', 'robust z-score that flags a shift')
        .default(DEFAULT_THRESHOLD)
        .argParser(positiveNumber),
    )
    .option('--json', 'JSON: the rows with coverage, scores, shifts and their driving events')
    .action(async (o: IndexOpts) => {
      const store = await openSqlite(o.db);
      try {
        const kb = defaultKb();
        if (!o.dyad) {
          const totals = dyadTotalsOf(kb, await clusterGroups(store.db)).slice(0, 30);
          if (o.json) printJsonLines(totals);
          else {
            process.stdout.write(
              'Actor pairs with events (both directions; asserted and reported events only). Pick one with --dyad A:B.\n',
            );
            printTable(
              totals.map((t) => ({
                pair: `${t.a}:${t.b}`,
                names: `${actorLabel(kb, t.a)} – ${actorLabel(kb, t.b)}`,
                events: t.events,
                reports: t.reports,
                verbal: fmt(t.score.verbal),
                material: fmt(t.score.material),
                cooperation: fmt(t.score.cooperation),
              })),
              [
                { key: 'pair', label: 'dyad' },
                { key: 'names', label: 'actors', max: 40 },
                { key: 'events', label: 'events' },
                { key: 'reports', label: 'reports' },
                { key: 'verbal', label: 'verbal' },
                { key: 'material', label: 'material' },
                { key: 'cooperation', label: 'coop' },
              ],
            );
          }
          return;
        }
        const raw = parseDyad(o.dyad)!;
        const dyad: Dyad = { a: parseActor(kb, raw.a), b: parseActor(kb, raw.b), directed: raw.directed };
        const result = await dyadIndex(store.db, kb, dyad, {
          by: o.by,
          since: o.since,
          until: o.until,
          window: o.window,
          threshold: o.threshold,
          minHistory: DEFAULT_MIN_HISTORY,
        });
        if (o.json) printJson({ dyad, by: o.by, ...result });
        else printIndex(kb, dyad, o.by, result);
      } finally {
        await store.close();
      }
    });

  program
    .command('sources')
    .description('compare outlets: framing words in shared stories, events only one outlet reported')
    .addOption(dbOption())
    .addOption(kbOption())
    .option('--outlet <name>', 'one outlet')
    .addOption(new Option('--since <date>', 'articles published on or after').argParser(isoDate))
    .addOption(new Option('--until <date>', 'articles published on or before').argParser(isoDate))
    .option('--json', 'JSON Lines, one outlet a line')
    .action(async (o: { db: string; outlet?: string; since?: string; until?: string; json?: boolean }) => {
      const store = await openSqlite(o.db);
      try {
        const kb = defaultKb();
        const profiles = await compareSources(store.db, kb, o);
        if (o.json) {
          printJsonLines(profiles);
          return;
        }
        printTable(
          profiles.map((p) => ({
            ...p,
            exclusive: p.exclusiveTotal,
            inShared: p.exclusive.length,
            framing: p.framing
              .map((f) => f.variants.map((v) => `${v.label} ${v.count}`).join('/'))
              .join('; '),
          })),
          [
            { key: 'outlet', label: 'outlet', max: 24 },
            { key: 'kind', label: 'kind', max: 18 },
            { key: 'articles', label: 'articles' },
            { key: 'events', label: 'events' },
            { key: 'shared', label: 'shared' },
            { key: 'exclusive', label: 'only it' },
            { key: 'inShared', label: 'only it, shared story' },
            { key: 'framing', label: 'framing in shared stories', max: 70 },
          ],
        );
        const concepts = framingByConcept(kb, profiles).filter((c) => c.variants.length > 1);
        if (concepts.length) {
          process.stdout.write('\nFraming that differs between outlets (shared stories):\n');
          for (const c of concepts)
            process.stdout.write(
              `  ${c.name}: ${c.variants.map((v) => `${v.label} — ${v.outlets.join(', ')}`).join(' | ')}\n`,
            );
        }
        const excl = profiles.filter((p) => p.exclusive.length);
        if (excl.length) {
          process.stdout.write('\nEvents only one outlet reported, in stories others covered too:\n');
          for (const p of excl)
            for (const e of p.exclusive.slice(0, 5))
              process.stdout.write(
                `  ${p.outlet}: #${e.cluster} ${e.type} ${e.day ?? ''} ${(e.text ?? '').slice(0, 80)}\n`,
              );
        }
      } finally {
        await store.close();
      }
    });
}

function printIndex(
  kb: KnowledgeBase,
  d: Dyad,
  by: Period,
  r: { rows: IndexRow[]; undated: number; outside: number },
): void {
  const w = (s: string) => process.stdout.write(`${s}\n`);
  w(
    `Escalation index ${d.a}${d.directed ? '>' : ':'}${d.b} (${actorLabel(kb, d.a)} ${d.directed ? '→' : '–'} ${actorLabel(kb, d.b)}${d.directed ? '' : ', both directions'}), by ${by}`,
  );
  w(
    'One row per period with articles or events; scores count each clustered event once (asserted and reported only),',
  );
  w(
    'weighted by intensity; "per article" divides by the articles stored for the period (no articles: a gap, not a zero).',
  );
  w('');
  if (!r.rows.length) {
    w('(no articles or events in range)');
    return;
  }
  const rows: Record<string, unknown>[] = [];
  for (const x of r.rows) {
    rows.push({
      period: x.label,
      articles: x.articles,
      events: x.events,
      reports: x.reports,
      verbal: fmt(x.score.verbal),
      material: fmt(x.score.material),
      coop: fmt(x.score.cooperation),
      per: x.perArticle
        ? `${fmt(x.perArticle.verbal)}/${fmt(x.perArticle.material)}/${fmt(x.perArticle.cooperation)}`
        : '— (no articles)',
      epa: x.eventsPerArticle == null ? '—' : fmt(x.eventsPerArticle),
      types: Object.entries(x.byType)
        .sort((a, b) => b[1] - a[1])
        .map(([t, n]) => `${t} ${n}`)
        .join(', '),
      other: x.notCounted || '',
      shift: x.shifts.map((s) => `${s.series} ${s.direction === 'up' ? '↑' : '↓'} z${zText(s.z)}`).join('; '),
    });
  }
  printTable(rows, [
    { key: 'period', label: by },
    { key: 'articles', label: 'articles' },
    { key: 'events', label: 'events' },
    { key: 'reports', label: 'reports' },
    { key: 'verbal', label: 'verbal' },
    { key: 'material', label: 'material' },
    { key: 'coop', label: 'coop' },
    { key: 'per', label: 'per article v/m/c' },
    { key: 'epa', label: 'events/article' },
    { key: 'types', label: 'types', max: 36 },
    { key: 'other', label: 'not counted' },
    { key: 'shift', label: 'shift', max: 40 },
  ]);
  const shifts = r.rows.flatMap((x) => x.shifts.map((s) => ({ x, s })));
  if (shifts.length) {
    w('\nShifts and the events that drove them:');
    for (const { x, s } of shifts) {
      w(
        `  ${x.label} ${s.series} ${s.direction} (z${zText(s.z)}, ${fmt(s.value)} per article against a median of ${fmt(s.median)}):`,
      );
      for (const dr of s.drivers)
        w(
          `    #${dr.cluster} ${dr.type} ${dr.sources.join(',')}→${dr.targets.join(',')} weight ${fmt(dr.weight)}, ${dr.reports} report${dr.reports === 1 ? '' : 's'}: ${(dr.text ?? '').slice(0, 90)}`,
        );
    }
  }
  if (r.undated)
    w(
      `\n${r.undated} event(s) of this pair are dated only to a month or year and are left out of a ${by} series.`,
    );
  if (r.outside) w(`${r.outside} event(s) fall outside --since/--until.`);
}
