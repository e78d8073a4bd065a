import { type Command, Option } from 'commander';
import { extractArticle } from '../extract/article.js';
import { prepare } from '../ingest/article.js';
import { InputError } from '../ingest/decode.js';
import { DEFAULT_MAX_DOC_BYTES, readInputs } from '../ingest/readers.js';
import { defaultKb } from '../kb/load.js';
import { isoDate, kbOption } from './options.js';
import { EXIT, outcome, printJson, warn } from './output.js';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('print the extraction record of each document (no database); JSON Lines for a .jsonl input')
    .argument('<input>', '.txt, .html or .jsonl file, or - for stdin')
    .addOption(
      new Option(
        '--published <date>',
        'reference date for relative dates when the document states none',
      ).argParser(isoDate),
    )
    .option('--source <name>', 'outlet name when the document states none')
    .addOption(kbOption())
    .option('--json', 'machine-readable output (one JSON record per line)')
    .action(async (input: string, o: { published?: string; source?: string; json?: boolean }) => {
      let failed = 0;
      for await (const item of readInputs([input], { maxDocBytes: DEFAULT_MAX_DOC_BYTES })) {
        if (item instanceof InputError) {
          warn(`redline: ${item.input}: ${item.reason}`);
          failed++;
          continue;
        }
        // One record per input document: glued stories stay together here, as the record format expects.
        const [article] = prepare(item, {
          split: false,
          ...(o.published ? { published: o.published } : {}),
          ...(o.source ? { source: o.source } : {}),
        });
        if (!article) {
          warn(`redline: ${item.origin}: no article text left after cleaning`);
          failed++;
          continue;
        }
        const record = extractArticle(article, defaultKb());
        if (o.json) process.stdout.write(`${JSON.stringify(record)}\n`);
        else printJson(record);
      }
      if (failed) outcome.code = EXIT.partial;
    });
}
