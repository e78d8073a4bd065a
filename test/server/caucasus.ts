// A small multi-outlet set written for the analysis API tests, stored through the real pipeline
// (cleaning, extraction with the packaged knowledge base, storage, clustering on ingest):
// weekly background articles from four outlets, then one shelling reported by three outlets (one
// event cluster, three reports), an accusation and the accused side's denial (linked clusters),
// one statement quoted by two outlets (a quote cluster), and an earlier incident told only in
// retrospect, so its week has events but no articles (a gap in the index).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../../src/extract/article.js';
import { defaultKb } from '../../src/kb/load.js';
import { loadInputs } from '../../src/store/load.js';
import { openSqlite } from '../../src/store/sqlite.js';

interface Doc {
  id: string;
  published: string;
  source: string;
  title: string;
  text: string;
}

/** One article a week on Tuesdays, none of them about the conflict between Armenia and Azerbaijan. */
const BACKGROUND: Doc[] = [
  [
    '2026-01-06',
    'Reuters',
    'Armenian farmers plan a larger apricot harvest',
    'Armenian farmers expect a larger apricot harvest in the Ararat valley this year, the agriculture ministry said on Tuesday.\nExports of dried fruit rose by a tenth last year.',
  ],
  [
    '2026-01-13',
    'Associated Press',
    'Yerevan opens a new metro station',
    'A new metro station opened in Yerevan on Tuesday after six years of building work.\nThe city plans two more stations by the end of the decade.',
  ],
  [
    '2026-01-20',
    'BBC News',
    'Snow closes mountain passes in Armenia',
    'Heavy snow closed three mountain passes in southern Armenia on Tuesday, the emergency service said.\nRoad crews expect to reopen them within two days.',
  ],
  [
    '2026-01-27',
    'Reuters',
    'Armenian central bank holds rates',
    "Armenia's central bank kept its main interest rate unchanged on Tuesday, citing slowing inflation.\nThe bank will meet again in March.",
  ],
  [
    // Another pair (France and Armenia), for the pair picker.
    '2026-02-03',
    'TASS',
    'France delivers armoured vehicles to Armenia',
    'France delivered armoured vehicles to Armenia on Tuesday, the Armenian defence ministry said.\nThe vehicles will patrol the southern border.',
  ],
  [
    '2026-02-10',
    'Associated Press',
    'Yerevan marathon draws record field',
    'A record field of four thousand runners signed up for the Yerevan marathon, organisers said on Tuesday.\nThe race will be held in May.',
  ],
  // No article in the week of 16 February.
  [
    '2026-02-24',
    'BBC News',
    'Armenian schools add coding classes',
    'Schools across Armenia will add weekly coding classes from September, the education ministry said on Tuesday.\nTeachers will be trained over the summer.',
  ],
  [
    '2026-03-03',
    'Reuters',
    'Jermuk residents recall February shooting',
    "Residents of Jermuk are repairing homes damaged last month.\nOn February 18, Azerbaijani troops fired on Armenian positions near Jermuk, Armenia's defence ministry said at the time.\nThe town's spa hotels reopened this week.",
  ],
].map(([published, source, title, text], i) => ({
  id: `caucasus-background-${i + 1}`,
  published: published!,
  source: source!,
  title: title!,
  text: text!,
}));

export const STRIKE_WEEK = '2026-W11';
export const GAP_WEEK = '2026-W08';
export const STRIKE_OUTLETS = ['Associated Press', 'BBC', 'Reuters'];

const NEWS: Doc[] = [
  {
    id: 'caucasus-reuters-1',
    published: '2026-03-10',
    source: 'Reuters',
    title: 'Azerbaijan shells Armenian border town, Yerevan says',
    text: "Azerbaijani forces shelled the Armenian border town of Jermuk on Monday, wounding two civilians, Armenia's defence ministry said.\nArmenia accused Azerbaijan of deliberately targeting civilian homes in Jermuk.\nThe ministry said an armed group had also fired on a police post.",
  },
  {
    id: 'caucasus-ap-1',
    published: '2026-03-10',
    source: 'Associated Press',
    title: 'Two civilians wounded in shelling of Jermuk',
    text: 'Azerbaijan shelled the town of Jermuk in southern Armenia on Monday, Armenian officials said, and two civilians were wounded.\n"We will answer every provocation on our border," Prime Minister Nikol Pashinyan said.',
  },
  {
    id: 'caucasus-bbc-1',
    published: '2026-03-10',
    source: 'BBC News',
    title: 'Armenia reports shelling of spa town',
    text: 'Azerbaijani artillery shelled Jermuk, a spa town in Armenia, on Monday, Armenia\'s defence ministry said.\n"We will answer every provocation on our border," Prime Minister Nikol Pashinyan said.',
  },
  {
    id: 'caucasus-tass-1',
    published: '2026-03-10',
    source: 'TASS',
    title: "Baku denies Yerevan's claims",
    text: "Azerbaijan's defence ministry on Tuesday rejected Armenia's accusation that its forces had targeted civilians in Jermuk, calling the claim a provocation.\nBaku said terrorists had fired on its positions first.",
  },
];

export const CAUCASUS_DOCS = [...BACKGROUND, ...NEWS];

/** A database file holding only this set, stored the way `redline ingest` stores it. */
export async function buildCaucasusDb(dir: string): Promise<string> {
  const input = join(dir, 'caucasus.jsonl');
  writeFileSync(input, `${CAUCASUS_DOCS.map((d) => JSON.stringify(d)).join('\n')}\n`);
  const path = join(dir, 'caucasus.db');
  const store = await openSqlite(path);
  try {
    const kb = defaultKb();
    const summary = await loadInputs(store, [input], { extract: (a) => extractArticle(a, kb) });
    if (summary.failed.length) throw new Error(`fixture failed: ${JSON.stringify(summary.failed)}`);
  } finally {
    await store.close();
  }
  return path;
}
