import { type Command, Option } from 'commander';
import type { EventFilter, QuoteFilter } from '../store/records.js';
import { openSqlite } from '../store/sqlite.js';
import { dbOption, isoDate, positiveInt } from './options.js';
import { printJsonLines, printTable } from './output.js';

const MODALITIES = ['asserted', 'reported', 'hypothetical', 'negated', 'future'];

export function registerRecordCommands(program: Command): void {
  program
    .command('events')
    .description('list stored events (who did what to whom), filtered')
    .addOption(dbOption())
    .option('--actor <name>', 'source or target name contains this (case-insensitive)')
    .option('--type <PLOVER>', 'event type, e.g. THREATEN, ASSAULT, AID')
    .addOption(
      new Option('--modality <m>', 'asserted, reported, hypothetical, negated or future').choices(MODALITIES),
    )
    .addOption(new Option('--since <date>', 'event (or publication) date on or after').argParser(isoDate))
    .addOption(new Option('--until <date>', 'event (or publication) date on or before').argParser(isoDate))
    .option('--outlet <name>', 'reported by this outlet')
    .option('--text <words>', 'evidence sentence contains this')
    .addOption(new Option('--limit <n>', 'at most this many rows').default(100).argParser(positiveInt))
    .addOption(new Option('--after <id>', 'cursor: rows after this id').argParser(Number))
    .option('--json', 'JSON Lines, one event a line')
    .action(async (o: EventFilter & { db: string; json?: boolean }) => {
      const store = await openSqlite(o.db);
      try {
        const rows = await store.listEvents(o);
        if (o.json) printJsonLines(rows);
        else
          printTable(
            rows.map((r) => ({ ...r, source: r.source.join(', '), target: r.target.join(', ') })),
            [
              { key: 'id', label: 'id' },
              { key: 'date', label: 'date' },
              { key: 'type', label: 'type' },
              { key: 'modality', label: 'modality' },
              { key: 'source', label: 'source', max: 28 },
              { key: 'target', label: 'target', max: 28 },
              { key: 'outlet', label: 'outlet', max: 14 },
              { key: 'text', label: 'evidence', max: 70 },
            ],
          );
      } finally {
        await store.close();
      }
    });

  program
    .command('quotes')
    .description('list stored quotes (who said what), filtered')
    .addOption(dbOption())
    .option('--speaker <name>', 'speaker name contains this (case-insensitive)')
    .addOption(new Option('--kind <kind>', 'direct or indirect').choices(['direct', 'indirect']))
    .addOption(new Option('--since <date>', 'quote (or publication) date on or after').argParser(isoDate))
    .addOption(new Option('--until <date>', 'quote (or publication) date on or before').argParser(isoDate))
    .option('--outlet <name>', 'reported by this outlet')
    .option('--text <words>', 'quote contains this')
    .addOption(new Option('--limit <n>', 'at most this many rows').default(100).argParser(positiveInt))
    .addOption(new Option('--after <id>', 'cursor: rows after this id').argParser(Number))
    .option('--json', 'JSON Lines, one quote a line')
    .action(async (o: QuoteFilter & { db: string; json?: boolean }) => {
      const store = await openSqlite(o.db);
      try {
        const rows = await store.listQuotes(o);
        if (o.json) printJsonLines(rows);
        else
          printTable(rows as unknown as Record<string, unknown>[], [
            { key: 'id', label: 'id' },
            { key: 'published', label: 'published' },
            { key: 'speaker', label: 'speaker', max: 24 },
            { key: 'kind', label: 'kind' },
            { key: 'outlet', label: 'outlet', max: 14 },
            { key: 'text', label: 'quote', max: 80 },
          ]);
      } finally {
        await store.close();
      }
    });
}
