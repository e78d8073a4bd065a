import { type Command, Option } from 'commander';
import { openSqlite } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { dbOption, isoDate, positiveInt } from './options.js';
import { EXIT, outcome, printJson, printJsonLines, printTable, warn } from './output.js';

async function withStore<T>(db: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openSqlite(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function registerArticleCommands(program: Command): void {
  program
    .command('articles')
    .description('list stored articles, oldest first (duplicates hidden unless --duplicates)')
    .addOption(dbOption())
    .option('--source <name>', 'only this outlet (case-insensitive)')
    .option('--language <code>', 'only this language (ISO 639-1, e.g. en)')
    .addOption(new Option('--since <date>', 'published on or after').argParser(isoDate))
    .addOption(new Option('--until <date>', 'published on or before').argParser(isoDate))
    .option('--duplicates', 'include duplicates (linked to their first copy)')
    .addOption(new Option('--limit <n>', 'at most this many rows').default(100).argParser(positiveInt))
    .addOption(new Option('--after <seq>', 'cursor: rows after this sequence number').argParser(Number))
    .option('--json', 'JSON Lines, one article a line')
    .action(async (o: ArticleOpts) => {
      const rows = await withStore(o.db, (s) =>
        s.listArticles({
          limit: o.limit,
          ...(o.source ? { source: o.source } : {}),
          ...(o.language ? { language: o.language } : {}),
          ...(o.since ? { since: o.since } : {}),
          ...(o.until ? { until: o.until } : {}),
          ...(o.duplicates ? { duplicates: true } : {}),
          ...(o.after != null ? { after: o.after } : {}),
        }),
      );
      if (o.json) printJsonLines(rows);
      else
        printTable(rows as unknown as Record<string, unknown>[], [
          { key: 'seq', label: 'seq' },
          { key: 'id', label: 'id' },
          { key: 'published', label: 'published' },
          { key: 'source', label: 'source', max: 20 },
          { key: 'language', label: 'lang' },
          { key: 'title', label: 'title', max: 70 },
          { key: 'duplicateOf', label: 'duplicate of' },
        ]);
    });

  program
    .command('article')
    .description('show one stored article: metadata, cleaned text and what cleaning removed')
    .argument('<id>', 'article id (see `redline articles`)')
    .addOption(dbOption())
    .option('--json', 'print as JSON')
    .action(async (id: string, o: { db: string; json?: boolean }) => {
      const a = await withStore(o.db, (s) => s.getArticle(id));
      if (!a) {
        warn(`redline: no article with id ${id}`);
        outcome.code = EXIT.error;
        return;
      }
      if (o.json) {
        printJson(a);
        return;
      }
      const { text, cleaningLog, ...meta } = a;
      for (const [k, v] of Object.entries(meta)) if (v != null) process.stdout.write(`${k.padEnd(18)}${v}\n`);
      process.stdout.write(`\n${text}\n\nremoved by cleaning:\n`);
      for (const r of cleaningLog.removed) process.stdout.write(`  [${r.reason}] ${r.line}\n`);
    });

  program
    .command('search')
    .description('full-text search over stored articles (words; "prefix*" for prefixes)')
    .argument('<query...>', 'words to search for')
    .addOption(dbOption())
    .addOption(new Option('--limit <n>', 'at most this many hits').default(20).argParser(positiveInt))
    .option('--json', 'JSON Lines, one hit a line')
    .action(async (query: string[], o: { db: string; limit: number; json?: boolean }) => {
      const hits = await withStore(o.db, (s) => s.search(query.join(' '), o.limit));
      if (o.json) printJsonLines(hits);
      else
        printTable(hits as unknown as Record<string, unknown>[], [
          { key: 'id', label: 'id' },
          { key: 'published', label: 'published' },
          { key: 'source', label: 'source', max: 16 },
          { key: 'snippet', label: 'snippet', max: 100 },
        ]);
    });

  program
    .command('stats')
    .description('what the database holds: articles, duplicates, sources, languages, dates')
    .addOption(dbOption())
    .option('--json', 'print as JSON')
    .action(async (o: { db: string; json?: boolean }) => {
      const st = await withStore(o.db, (s) => s.stats());
      if (o.json) {
        printJson(st);
        return;
      }
      printStats(st);
    });
}

export function printStats(st: Awaited<ReturnType<Store['stats']>>): void {
  const out = [
    `articles     ${st.articles} (${st.nonEnglish} not English, ${st.extracted} extracted)`,
    `records      ${st.events} events, ${st.quotes} quotes`,
    `duplicates   ${st.duplicates} linked to a first copy`,
    `published    ${st.firstPublished ?? '?'} … ${st.lastPublished ?? '?'}`,
    `sources      ${st.sources.map((s) => `${s.source ?? '(unknown)'} ${s.articles}`).join(', ')}`,
    `languages    ${st.languages.map((l) => `${l.language ?? '?'} ${l.articles}`).join(', ')}`,
    `schema       ${st.schemaVersion}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

interface ArticleOpts {
  db: string;
  source?: string;
  language?: string;
  since?: string;
  until?: string;
  duplicates?: boolean;
  limit: number;
  after?: number;
  json?: boolean;
}
