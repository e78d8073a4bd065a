#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm install`).
import { main } from '../dist/src/cli/main.js';

// A closed pipe (`redline articles | head`) ends output quietly, as shell tools do.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`redline: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
