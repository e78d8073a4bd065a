import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { extractArticle } from '../extract/article.js';
import { defaultKb } from '../kb/load.js';
import { packageRoot } from '../kb/paths.js';
import { type RunningServer, startServer } from '../server/server.js';
import { loadInputs } from '../store/load.js';
import { openSqlite } from '../store/sqlite.js';
import { printStats } from './articles.js';
import { printSummary } from './ingest.js';
import { dbOption, kbOption } from './options.js';
import { warn } from './output.js';

interface DemoOpts {
  db: string;
  serve: boolean;
  port: number;
  host: string;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`expected a port number 0–65535, got "${v}"`);
  return n;
}

const inUse = (e: unknown) => (e as { code?: string }).code === 'EADDRINUSE';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'ingest the bundled sample corpus (examples/corpus), summarise the database, then serve the dashboard',
    )
    .addOption(dbOption())
    .addOption(kbOption())
    .option('--no-serve', 'stop after the summary instead of serving the dashboard')
    .addOption(
      new Option('--port <n>', 'port for the dashboard (if it is taken, any free port)')
        .default(8080)
        .argParser(port),
    )
    .addOption(new Option('--host <address>', 'address to bind').default('127.0.0.1'))
    .action(async (o: DemoOpts) => {
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
      if (o.serve) await serveDemo(o);
    });
}

/** The quick start ends here: the dashboard over the sample corpus, until Ctrl+C. */
async function serveDemo(o: DemoOpts): Promise<void> {
  const webDir = join(packageRoot(), 'web', 'dist');
  const start = (p: number) => startServer({ db: o.db, port: p, host: o.host, token: null, webDir });
  let server: RunningServer;
  try {
    server = await start(o.port);
  } catch (e) {
    // A busy default port should not end the quick start: take any free one.
    if (!inUse(e)) throw e;
    warn(`redline: port ${o.port} is in use; using a free port instead`);
    server = await start(0);
  }
  const built = existsSync(join(webDir, 'index.html'));
  process.stdout.write(
    `\nDashboard: ${server.url}${built ? '' : ` (not built: run npm run build:web; the API answers at ${server.url}api/openapi.json)`}\n`,
  );
  process.stdout.write('Press Ctrl+C to stop (redline demo --no-serve only ingests).\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}
