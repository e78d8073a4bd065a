import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { packageRoot } from '../kb/paths.js';
import { DEFAULT_MAX_BODY_BYTES } from '../server/app.js';
import { startServer } from '../server/server.js';
import { dbOption, positiveInt } from './options.js';
import { printJson, warn } from './output.js';

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`expected a port number 0–65535, got "${v}"`);
  return n;
}

interface ServeOpts {
  db: string;
  port: number;
  host: string;
  web?: string;
  maxBodyMb: number;
  json?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the HTTP API and the dashboard over the database (read-only unless REDLINE_TOKEN is set)',
    )
    .addOption(dbOption())
    .addOption(new Option('--port <n>', 'port to listen on (0: any free port)').default(8080).argParser(port))
    .addOption(
      new Option(
        '--host <address>',
        'address to bind (default loopback only; 0.0.0.0 for every interface)',
      ).default('127.0.0.1'),
    )
    .option('--web <dir>', 'folder of the built dashboard (default: web/dist of the package)')
    .addOption(
      new Option('--max-body-mb <n>', 'largest POST /api/ingest body, in MB')
        .default(DEFAULT_MAX_BODY_BYTES / 1024 / 1024)
        .argParser(positiveInt),
    )
    .option('--json', 'print the address as one JSON object')
    .addHelpText(
      'after',
      `
Environment:
  REDLINE_TOKEN   enables POST /api/ingest, which then needs "Authorization: Bearer <token>";
                  without it the server opens the database read-only.

The API is documented at /api/openapi.json and in docs/API.md.`,
    )
    .action(async (o: ServeOpts) => {
      if (o.db !== ':memory:' && !existsSync(o.db))
        warn(
          `redline: ${o.db} does not exist yet: serving an empty database (run redline ingest or redline demo)`,
        );
      const token = process.env.REDLINE_TOKEN?.trim() || null;
      const webDir = o.web ?? join(packageRoot(), 'web', 'dist');
      const server = await startServer({
        db: o.db,
        port: o.port,
        host: o.host,
        token,
        webDir,
        maxBodyBytes: o.maxBodyMb * 1024 * 1024,
      });
      const dashboard = existsSync(webDir);
      if (o.json) printJson({ url: server.url, db: o.db, ingest: Boolean(token), dashboard });
      else {
        process.stdout.write(`Redline is serving ${o.db} at ${server.url}\n`);
        process.stdout.write(
          `  dashboard  ${dashboard ? server.url : `not built (${webDir} is missing): the API only`}\n`,
        );
        process.stdout.write(`  API        ${server.url}api/openapi.json\n`);
        process.stdout.write(
          `  ingest     ${token ? 'POST /api/ingest with the bearer token from REDLINE_TOKEN' : 'off (read-only; set REDLINE_TOKEN to enable)'}\n`,
        );
        if (!['127.0.0.1', 'localhost', '::1'].includes(o.host))
          warn(`redline: listening on ${o.host}: other machines can reach this server`);
        process.stdout.write('Press Ctrl+C to stop.\n');
      }
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
    });
}
