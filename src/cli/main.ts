import { Command, CommanderError } from 'commander';
import { EXTRACTOR_VERSION } from '../extract/record.js';
import { registerArticleCommands } from './articles.js';
import { registerCluster } from './cluster.js';
import { registerDemo } from './demo.js';
import { registerExtract } from './extract.js';
import { registerIndexCommands } from './index-cmd.js';
import { registerIngest } from './ingest.js';
import { registerKb } from './kb.js';
import { EXIT, outcome } from './output.js';
import { registerRecordCommands } from './records.js';
import { registerServe } from './serve.js';

export function buildProgram(): Command {
  const program = new Command('redline')
    .description(
      'Turn conflict news into a sourced, queryable record of who did and said what to whom, where and when.',
    )
    .version(EXTRACTOR_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  redline ingest examples/corpus          read, clean and store a folder of articles
  redline ingest feed.jsonl --json        the same, summary as JSON
  cat story.txt | redline ingest -        read one article from stdin
  redline extract story.txt --json        extraction record for one article (no database)
  redline search "air defence" --json     full-text search, JSON Lines out
  redline articles --source RT --since 2022-01-01
  redline stats
  redline kb lookup "NATO Secretary General" --date 2022-06-01

Exit codes: 0 success, 1 error, 2 bad usage, 3 finished but some inputs failed (listed on stderr).
Database: ./redline.db unless --db or REDLINE_DB says otherwise.`,
    );
  // Set before the subcommands are added: they copy these settings when created.
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // `--kb DIR` on any command joins the folders in REDLINE_KB, which the knowledge-base loader reads.
  program.hook('preAction', (_root, action) => {
    const dirs = action.opts().kb as string[] | undefined;
    if (dirs?.length)
      process.env.REDLINE_KB = [...dirs, ...(process.env.REDLINE_KB ?? '').split(':')]
        .filter(Boolean)
        .join(':');
  });
  registerIngest(program);
  registerExtract(program);
  registerArticleCommands(program);
  registerRecordCommands(program);
  registerKb(program);
  registerDemo(program);
  registerCluster(program);
  registerIndexCommands(program);
  registerServe(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  outcome.code = EXIT.ok;
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
        return EXIT.ok;
      return EXIT.usage;
    }
    process.stderr.write(`redline: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.error;
  }
  return outcome.code;
}
