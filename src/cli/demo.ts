import type { Command } from 'commander';
import { extractArticle } from '../extract/article.js';
import { defaultKb } from '../kb/load.js';
import { packageRoot } from '../kb/paths.js';
import { loadInputs } from '../store/load.js';
import { openSqlite } from '../store/sqlite.js';
import { printStats } from './articles.js';
import { printSummary } from './ingest.js';
import { dbOption, kbOption } from './options.js';
import { warn } from './output.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled sample corpus (examples/corpus) and summarise the database')
    .addOption(dbOption())
    .addOption(kbOption())
    .action(async (o: { db: string }) => {
      const corpus = `${packageRoot()}/examples/corpus`;
      const store = await openSqlite(o.db);
      try {
        const kb = defaultKb();
        const s = await loadInputs(store, [corpus], { extract: (a) => extractArticle(a, kb) });
        for (const f of s.failed) warn(`redline: ${f.input}: ${f.reason}`);
        process.stdout.write(`Sample corpus: ${corpus}\n`);
        printSummary(s, o.db);
        process.stdout.write('\n');
        printStats(await store.stats());
      } finally {
        await store.close();
      }
    });
}
