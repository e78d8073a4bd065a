import { type Command, Option } from 'commander';
import { extractArticle } from '../extract/article.js';
import { defaultKb } from '../kb/load.js';
import { type LoadSummary, loadInputs } from '../store/load.js';
import { openSqlite } from '../store/sqlite.js';
import { dbOption, isoDate, kbOption, positiveInt } from './options.js';
import { EXIT, outcome, printJson, warn } from './output.js';
import { progressBar } from './progress.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read, clean and store articles (.txt, .html, .jsonl, folders, or - for stdin)')
    .argument('<paths...>', 'files, folders (read recursively) or - for stdin')
    .addOption(dbOption())
    .addOption(kbOption())
    .addOption(
      new Option(
        '--published <date>',
        'publication date for documents that state none (YYYY-MM-DD)',
      ).argParser(isoDate),
    )
    .option('--source <name>', 'outlet name for documents that state none')
    .addOption(new Option('--batch-size <n>', 'articles per transaction').default(64).argParser(positiveInt))
    .addOption(
      new Option('--max-doc-mb <n>', 'largest document accepted, in MB').default(10).argParser(positiveInt),
    )
    .option('--no-extract', 'store cleaned articles only; skip extraction')
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], o: IngestOpts) => {
      const store = await openSqlite(o.db);
      const bar = o.json ? null : progressBar('ingest');
      let summary: LoadSummary;
      try {
        summary = await loadInputs(store, paths, {
          batchSize: o.batchSize,
          maxDocBytes: o.maxDocMb * 1024 * 1024,
          ...(o.published ? { published: o.published } : {}),
          ...(o.source ? { source: o.source } : {}),
          ...(o.extract === false ? {} : { extract: (a) => extractArticle(a, defaultKb()) }),
          onProgress: (s) => bar?.update(s.articles, `${s.stored} stored`),
        });
      } finally {
        bar?.stop();
        await store.close();
      }
      for (const f of summary.failed) warn(`redline: ${f.input}: ${f.reason}`);
      for (const f of summary.ignored) warn(`redline: skipped ${f.input}: ${f.reason}`);
      if (o.json) printJson({ db: o.db, ...summary });
      else printSummary(summary, o.db);
      if (summary.failed.length) outcome.code = EXIT.partial;
    });
}

interface IngestOpts {
  db: string;
  published?: string;
  source?: string;
  batchSize: number;
  maxDocMb: number;
  extract?: boolean;
  json?: boolean;
}

export function printSummary(s: LoadSummary, db: string): void {
  const lines = [
    `read        ${s.read} documents → ${s.articles} articles`,
    `stored      ${s.stored} new${s.nonEnglish ? ` (${s.nonEnglish} not English: stored and flagged, English-only stages skip them)` : ''}`,
    `unchanged   ${s.unchanged} already in the database`,
    `duplicates  ${s.duplicates.exact + s.duplicates.near} linked to their first copy (${s.duplicates.exact} exact, ${s.duplicates.near} near)`,
    `failed      ${s.failed.length}${s.failed.length ? ' (reasons above)' : ''}`,
  ];
  if (s.ignored.length) lines.push(`ignored     ${s.ignored.length} files of other types`);
  lines.push(`database    ${db}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
