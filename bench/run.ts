// npm run bench: throughput of the pipeline against bare wink tokenisation of the same text,
// in the same run, so the ratio means something on a noisy machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractRecord } from '../src/extract/record.js';
import { type Article, prepare } from '../src/ingest/article.js';
import { InputError } from '../src/ingest/decode.js';
import type { RawDoc } from '../src/ingest/raw.js';
import { DEFAULT_MAX_DOC_BYTES, readInputs } from '../src/ingest/readers.js';
import { defaultKb } from '../src/kb/load.js';
import { packageRoot } from '../src/kb/paths.js';
import { tokenCount } from '../src/nlp/annotate.js';
import { docFromArticle } from '../src/nlp/from-article.js';
import { openSqlite } from '../src/store/sqlite.js';

const COPIES = Number(process.env.BENCH_COPIES ?? 40);

async function corpus(): Promise<RawDoc[]> {
  const docs: RawDoc[] = [];
  for await (const d of readInputs([join(packageRoot(), 'examples', 'corpus')], {
    maxDocBytes: DEFAULT_MAX_DOC_BYTES,
  })) {
    if (!(d instanceof InputError)) docs.push(d);
  }
  // Copies differ by a closing line so that none is a duplicate of another.
  const out: RawDoc[] = [];
  for (let k = 0; k < COPIES; k++) {
    for (const d of docs) {
      const { id: _id, url: _url, ...rest } = d;
      out.push({
        ...rest,
        body: `${d.body}\nBench copy ${k} of this report was filed for load testing purposes.`,
      });
    }
  }
  return out;
}

function time<T>(fn: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const v = fn();
  return [v, Number(process.hrtime.bigint() - t) / 1e9];
}

async function main() {
  const raws = await corpus();
  const kb = defaultKb([]);
  // Warm up models, the gazetteer and JIT on a slice, outside the timings.
  for (const r of raws.slice(0, 60))
    for (const a of prepare(r)) extractRecord(docFromArticle(a), kb, a.skipReason);

  const [articles, tClean] = time(() => raws.flatMap((r) => prepare(r)));
  const [docs, tAnnotate] = time(() => articles.map((a) => docFromArticle(a)));
  const tokens = docs.reduce((n, d) => n + d.layers.tokens.length, 0);
  const [, tExtract] = time(() => docs.map((d, i) => extractRecord(d, kb, articles[i]!.skipReason)));
  const [bareTokens, tBare] = time(() => articles.reduce((n, a) => n + tokenCount(a.text), 0));

  const dir = mkdtempSync(join(tmpdir(), 'redline-bench-'));
  const store = await openSqlite(join(dir, 'bench.db'));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < articles.length; i += 64)
    await store.ingestBatch(articles.slice(i, i + 64) as Article[]);
  const tStore = Number(process.hrtime.bigint() - t0) / 1e9;
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const pipeline = tClean + tAnnotate;
  const extractStage = tAnnotate + tExtract;
  const result = {
    articles: articles.length,
    tokens,
    readCleanAnnotate: {
      seconds: pipeline,
      articlesPerSec: articles.length / pipeline,
      tokensPerSec: tokens / pipeline,
    },
    cleanOnly: { articlesPerSec: articles.length / tClean },
    extractStage: {
      seconds: extractStage,
      articlesPerSec: articles.length / extractStage,
      tokensPerSec: tokens / extractStage,
    },
    extractOnly: { articlesPerSec: articles.length / tExtract },
    wholePipeline: { articlesPerSec: articles.length / (pipeline + tExtract) },
    kbLoadMs: kb.loadMs,
    bareWinkTokenisation: { seconds: tBare, tokensPerSec: bareTokens / tBare },
    pipelineToBareRatio: tokens / pipeline / (bareTokens / tBare),
    extractToBareRatio: tokens / extractStage / (bareTokens / tBare),
    storeInsert: { articlesPerSec: articles.length / tStore },
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  process.stdout.write(
    `${[
      `corpus                      ${result.articles} articles, ${f(tokens)} tokens (examples/corpus × ${COPIES})`,
      `read+clean+annotate         ${f(result.readCleanAnnotate.articlesPerSec)} articles/s, ${f(result.readCleanAnnotate.tokensPerSec)} tokens/s`,
      `  of which cleaning alone   ${f(result.cleanOnly.articlesPerSec)} articles/s`,
      `extract stage (annotate+extract) ${f(result.extractStage.articlesPerSec)} articles/s, ${f(result.extractStage.tokensPerSec)} tokens/s`,
      `  of which extraction alone ${f(result.extractOnly.articlesPerSec)} articles/s`,
      `whole pipeline              ${f(result.wholePipeline.articlesPerSec)} articles/s (clean+annotate+extract)`,
      `bare wink tokenisation      ${f(result.bareWinkTokenisation.tokensPerSec)} tokens/s`,
      `read+clean+annotate / bare  ${(100 * result.pipelineToBareRatio).toFixed(1)} %`,
      `extract stage / bare        ${(100 * result.extractToBareRatio).toFixed(1)} %  (target ≥ 20 %)`,
      `knowledge-base cold load    ${f(result.kbLoadMs)} ms`,
      `store insert (SQLite)       ${f(result.storeInsert.articlesPerSec)} articles/s`,
      `peak RSS                    ${f(result.peakRssMB)} MB`,
    ].join('\n')}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
