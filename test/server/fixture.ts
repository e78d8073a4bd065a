// A store for the API tests: the sample corpus through the real pipeline, plus three short
// articles written for these tests whose records are set by hand, so counts are known exactly.
import { join } from 'node:path';
import { extractArticle } from '../../src/extract/article.js';
import type { ExtractionRecord } from '../../src/extract/record.js';
import { type Article, prepare } from '../../src/ingest/article.js';
import { defaultKb } from '../../src/kb/load.js';
import { packageRoot } from '../../src/kb/paths.js';
import { loadInputs } from '../../src/store/load.js';
import { openSqlite } from '../../src/store/sqlite.js';

type Span = [number, number];

interface Doc {
  id: string;
  published: string;
  source: string;
  body: string;
}

export const DOCS: Doc[] = [
  {
    id: 'fx-1',
    published: '2024-03-05',
    source: 'Test Wire',
    body: 'Northland warned Southland on Monday that it would close the border. "We will not allow provocations," the Northland defence minister Aron Vale said. Southland rejected the warning. Artillery from Northland shelled Brenna overnight, officials in Southland said.',
  },
  {
    id: 'fx-2',
    published: '2024-04-12',
    source: 'Test Wire',
    body: "Southland and Northland agreed on Friday to reopen talks in Brenna. Southland's foreign ministry said the talks could resume next month.",
  },
  {
    id: 'fx-3',
    published: '2024-04-16',
    source: 'Other Desk',
    body: 'Eastland sent aid convoys to Southland on Tuesday, officials said. "Help is on the way," an Eastland spokesman said. Eastland police detained Eastland protesters in the capital.',
  },
];

const ACTORS: Record<string, { key: string; type: 'COUNTRY' | 'PERSON'; roles?: string[] }> = {
  Northland: { key: 'test:northland', type: 'COUNTRY' },
  Southland: { key: 'test:southland', type: 'COUNTRY' },
  Eastland: { key: 'test:eastland', type: 'COUNTRY' },
  'Aron Vale': { key: 'test:aron-vale', type: 'PERSON', roles: ['Northland defence minister'] },
};

interface EventSpec {
  sentence: string;
  type: string;
  source: string;
  target: string;
  modality: 'asserted' | 'reported' | 'hypothetical' | 'negated' | 'future';
  date: string | null;
  place?: string;
  intensity: number;
}

interface QuoteSpec {
  text: string;
  speaker: string;
  kind: 'direct' | 'indirect';
}

const EVENTS: Record<string, EventSpec[]> = {
  'fx-1': [
    {
      sentence: 'Northland warned Southland on Monday that it would close the border.',
      type: 'THREATEN',
      source: 'Northland',
      target: 'Southland',
      modality: 'asserted',
      date: '2024-03-04',
      intensity: -4.4,
    },
    {
      sentence: 'Southland rejected the warning.',
      type: 'REJECT',
      source: 'Southland',
      target: 'Northland',
      modality: 'asserted',
      date: null,
      intensity: -4,
    },
    {
      sentence: 'Artillery from Northland shelled Brenna overnight, officials in Southland said.',
      type: 'ASSAULT',
      source: 'Northland',
      target: 'Southland',
      modality: 'reported',
      date: '2024-03-04',
      place: 'Brenna',
      intensity: -10,
    },
  ],
  'fx-2': [
    {
      sentence: 'Southland and Northland agreed on Friday to reopen talks in Brenna.',
      type: 'AGREE',
      source: 'Southland',
      target: 'Northland',
      modality: 'asserted',
      date: '2024-04-12',
      place: 'Brenna',
      intensity: 4,
    },
    {
      sentence: "Southland's foreign ministry said the talks could resume next month.",
      type: 'CONSULT',
      source: 'Southland',
      target: 'Northland',
      modality: 'future',
      // Month precision: the event counts on its publication day.
      date: '2024-05',
      intensity: 1,
    },
  ],
  'fx-3': [
    {
      sentence: 'Eastland sent aid convoys to Southland on Tuesday, officials said.',
      type: 'AID',
      source: 'Eastland',
      target: 'Southland',
      modality: 'asserted',
      date: '2024-04-16',
      intensity: 7,
    },
    {
      // An actor on both sides of one event: it counts once for it.
      sentence: 'Eastland police detained Eastland protesters in the capital.',
      type: 'COERCE',
      source: 'Eastland',
      target: 'Eastland',
      modality: 'asserted',
      date: null,
      intensity: -7,
    },
  ],
};

const QUOTES: Record<string, QuoteSpec[]> = {
  'fx-1': [{ text: 'We will not allow provocations,', speaker: 'Aron Vale', kind: 'direct' }],
  'fx-2': [{ text: 'the talks could resume next month', speaker: 'Southland', kind: 'indirect' }],
  'fx-3': [{ text: 'Help is on the way,', speaker: 'Eastland', kind: 'direct' }],
};

function spanOf(text: string, part: string): Span {
  const i = text.indexOf(part);
  if (i < 0) throw new Error(`fixture text lacks "${part}"`);
  return [i, i + part.length];
}

function mentions(text: string, name: string): Span[] {
  const out: Span[] = [];
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) out.push([i, i + name.length]);
  return out;
}

/** The hand-made record of a fixture article, every span computed on its cleaned text. */
export function fixtureRecord(a: Article): ExtractionRecord {
  const text = a.text;
  const actors = Object.entries(ACTORS)
    .filter(([name]) => text.includes(name))
    .map(([name, x]) => ({
      name,
      type: x.type,
      country: null,
      key: x.key,
      roles: x.roles ?? [],
      mentions: mentions(text, name),
    }));
  return {
    doc: { id: a.id, title: a.title, published: a.published, source: a.source, language: a.language },
    text,
    extractor: { name: 'redline', version: 'test' },
    skipped: null,
    sentences: 3,
    tokens: 40,
    actors,
    places: text.includes('Brenna')
      ? [
          {
            name: 'Brenna',
            key: 'test:brenna',
            country: 'NL',
            lat: 50.1,
            lon: 20.2,
            kind: 'town',
            precision: 'town',
            mentions: mentions(text, 'Brenna'),
          },
        ]
      : [],
    weapons: text.includes('Artillery')
      ? [{ name: 'artillery', class: 'artillery', mentions: [spanOf(text, 'Artillery')] }]
      : [],
    quotes: (QUOTES[a.id] ?? []).map((q) => ({
      speaker: q.speaker,
      speakerKey: ACTORS[q.speaker]!.key,
      text: q.text,
      kind: q.kind,
      cue: 'said',
      span: spanOf(text, q.text),
    })),
    quantities: [],
    dates: text.includes('on Monday')
      ? [{ text: 'on Monday', value: '2024-03-04', span: spanOf(text, 'on Monday') }]
      : [],
    events: (EVENTS[a.id] ?? []).map((e) => ({
      type: e.type,
      source: [e.source],
      target: [e.target],
      sourceKeys: [ACTORS[e.source]!.key],
      targetKeys: [ACTORS[e.target]!.key],
      modality: e.modality,
      date: e.date,
      place: e.place ?? null,
      intensity: e.intensity,
      cameo: null,
      mode: null,
      text: e.sentence,
      span: spanOf(text, e.sentence),
    })),
  };
}

export const FIXTURE_EVENTS = Object.values(EVENTS).flat();
export const FIXTURE_QUOTES = Object.values(QUOTES).flat();

/** A database file holding the sample corpus (real extraction) and the fixture articles. */
export async function buildFixtureDb(dir: string): Promise<string> {
  const path = join(dir, 'api.db');
  const store = await openSqlite(path);
  try {
    const kb = defaultKb();
    await loadInputs(store, [join(packageRoot(), 'examples', 'corpus')], {
      extract: (a) => extractArticle(a, kb),
    });
    const articles = DOCS.flatMap((d) =>
      prepare({
        origin: `test:${d.id}`,
        format: 'txt',
        body: d.body,
        id: d.id,
        published: d.published,
        source: d.source,
      }),
    );
    await store.ingestBatch(articles, fixtureRecord);
  } finally {
    await store.close();
  }
  return path;
}
