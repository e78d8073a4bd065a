import { type Command, Option } from 'commander';
import { actorLabel, parseActor } from '../analyze/actors.js';
import { clusterPending, rebuildClusters } from '../analyze/cluster.js';
import { defaultKb } from '../kb/load.js';
import {
  type ClusterSummaryRow,
  clusterCounts,
  clusterLinks,
  clusterReports,
  getCluster,
  listClusters,
  listQuoteClusters,
} from '../store/clusters.js';
import { openSqlite } from '../store/sqlite.js';
import { dbOption, isoDate, kbOption, positiveInt } from './options.js';
import { EXIT, outcome, printJson, printJsonLines, printTable, warn } from './output.js';

interface ClusterOpts {
  db: string;
  rebuild?: boolean;
  show?: number;
  list?: boolean;
  quotes?: boolean;
  type?: string;
  actor?: string;
  since?: string;
  until?: string;
  minOutlets?: number;
  limit: number;
  json?: boolean;
}

export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .description(
      'link reports of the same event (and the same statement) across articles; list and show clusters',
    )
    .addOption(dbOption())
    .addOption(kbOption())
    .option(
      '--rebuild',
      'recompute every cluster from scratch (same result as clustering article by article)',
    )
    .addOption(
      new Option('--show <id>', 'one event cluster: its reports, outlets, disagreements and links').argParser(
        positiveInt,
      ),
    )
    .option('--list', 'list clusters without clustering new articles first')
    .option('--quotes', 'list quote clusters (one statement, several outlets) instead of event clusters')
    .option('--type <PLOVER>', 'only clusters of this event type')
    .option(
      '--actor <actor>',
      'only clusters with this actor as source or target (ISO3, organisation id or name)',
    )
    .addOption(new Option('--since <date>', 'event day on or after').argParser(isoDate))
    .addOption(new Option('--until <date>', 'event day on or before').argParser(isoDate))
    .addOption(
      new Option('--min-outlets <n>', 'only clusters carried by at least n articles')
        .default(2)
        .argParser(positiveInt),
    )
    .addOption(new Option('--limit <n>', 'at most this many rows').default(30).argParser(positiveInt))
    .option('--json', 'JSON (JSON Lines for lists)')
    .action(async (o: ClusterOpts) => {
      const store = await openSqlite(o.db);
      try {
        const kb = defaultKb();
        if (o.show != null) return await show(store.db, o.show, o.json === true, kb);
        if (!o.list) {
          const run = o.rebuild
            ? await rebuildClusters(store.db, { kb })
            : await clusterPending(store.db, { kb });
          const c = await clusterCounts(store.db);
          if (!o.json) {
            process.stdout.write(
              `${o.rebuild ? 'rebuilt' : 'clustered'}   ${run.articles} articles: ${run.events} event reports (${run.created} new clusters, ${run.joined} joined one), ${run.quotes} quotes (${run.quoteClusters} new, ${run.quotesJoined} joined)\n`,
            );
            process.stdout.write(
              `store       ${c.clusters} event clusters (${c.multi} carried by more than one article), ${c.quoteClusters} quote clusters, ${c.links} claim/counter-claim links, ${c.articles} articles clustered\n\n`,
            );
          } else {
            printJson({ run, store: c });
            return;
          }
        }
        if (o.quotes) {
          const rows = await listQuoteClusters(store.db, { minReports: o.minOutlets, limit: o.limit });
          if (o.json) printJsonLines(rows);
          else
            printTable(
              rows.map((r) => ({ ...r, outlets: r.outlets.join(', ') })),
              [
                { key: 'id', label: 'id' },
                { key: 'day', label: 'day' },
                { key: 'speaker', label: 'speaker', max: 22 },
                { key: 'articles', label: 'articles' },
                { key: 'outlets', label: 'outlets', max: 40 },
                { key: 'text', label: 'statement', max: 70 },
              ],
            );
          return;
        }
        const rows = await listClusters(store.db, {
          type: o.type,
          actor: o.actor ? parseActor(kb, o.actor) : undefined,
          since: o.since,
          until: o.until,
          minReports: o.minOutlets,
          limit: o.limit,
        });
        if (o.json) printJsonLines(rows);
        else printClusters(rows, kb);
      } finally {
        await store.close();
      }
    });
}

function actors(kb: ReturnType<typeof defaultKb>, ids: string[]): string {
  return ids.map((x) => actorLabel(kb, x)).join(', ');
}

function printClusters(rows: ClusterSummaryRow[], kb: ReturnType<typeof defaultKb>): void {
  printTable(
    rows.map((r) => ({
      ...r,
      when: r.day ?? r.date ?? '',
      who: `${actors(kb, r.sources)}${r.targets.length ? ` → ${actors(kb, r.targets)}` : ''}`,
      outlets: r.outlets.join(', '),
      kinds: r.outletKinds.join(', '),
      differ: Object.keys(r.disagreements).join(', '),
    })),
    [
      { key: 'id', label: 'id' },
      { key: 'when', label: 'date' },
      { key: 'type', label: 'type' },
      { key: 'group', label: 'status' },
      { key: 'who', label: 'actors', max: 30 },
      { key: 'place', label: 'place', max: 16 },
      { key: 'articles', label: 'articles' },
      { key: 'outlets', label: 'outlets', max: 44 },
      { key: 'differ', label: 'reports differ on', max: 28 },
    ],
  );
}

async function show(
  db: Parameters<typeof clusterReports>[0],
  id: number,
  json: boolean,
  kb: ReturnType<typeof defaultKb>,
): Promise<void> {
  const c = await getCluster(db, id);
  if (!c) {
    warn(`redline: no event cluster ${id}`);
    outcome.code = EXIT.error;
    return;
  }
  const reports = await clusterReports(db, id);
  const links = await clusterLinks(db, id);
  if (json) {
    printJson({ ...c, reports, links });
    return;
  }
  const w = (s: string) => process.stdout.write(`${s}\n`);
  w(
    `cluster ${c.id}: ${c.type} (${c.group}) ${c.day ?? c.date ?? 'undated'}${c.place ? ` at ${c.place}` : ''}`,
  );
  w(`actors      ${actors(kb, c.sources)}${c.targets.length ? ` → ${actors(kb, c.targets)}` : ''}`);
  w(
    `carried by  ${c.outlets.join(', ') || '(unknown outlets)'}${c.outletKinds.length ? ` [${c.outletKinds.join(', ')}]` : ''}`,
  );
  w(`earliest    ${c.firstPublished ?? 'undated'} (article ${c.firstArticle})`);
  w('');
  printTable(
    reports.map((r) => ({ ...r, who: r.source.join(', ') })),
    [
      { key: 'eventId', label: 'event' },
      { key: 'published', label: 'published' },
      { key: 'outlet', label: 'outlet', max: 18 },
      { key: 'modality', label: 'modality' },
      { key: 'date', label: 'date' },
      { key: 'who', label: 'source', max: 20 },
      { key: 'text', label: 'evidence', max: 80 },
    ],
  );
  const d = c.disagreements as {
    figures?: { kind: string; values: { value: string; outlets: string[] }[] }[];
    dates?: { date: string; outlets: string[] }[];
    places?: { place: string; outlets: string[] }[];
    framing?: { concept: string; variants: { label: string; outlets: string[] }[] }[];
  };
  const list = (xs: { outlets: string[] }[], name: (x: never) => string) =>
    xs.map((x) => `${name(x as never)} (${x.outlets.join(', ')})`).join(' vs ');
  if (Object.keys(d).length) w('\nreports differ on');
  for (const f of d.figures ?? []) w(`  ${f.kind}: ${list(f.values, (x: { value: string }) => x.value)}`);
  if (d.dates) w(`  date: ${list(d.dates, (x: { date: string }) => x.date)}`);
  if (d.places) w(`  place: ${list(d.places, (x: { place: string }) => x.place)}`);
  for (const f of d.framing ?? [])
    w(`  ${f.concept}: ${list(f.variants, (x: { label: string }) => x.label)}`);
  if (links.length) w('\nclaims and counter-claims');
  for (const l of links)
    w(
      l.claimId === id
        ? `  answered by cluster ${l.counterId} (${l.kind}, score ${l.score})`
        : `  answers cluster ${l.claimId} (${l.kind}, score ${l.score})`,
    );
}
