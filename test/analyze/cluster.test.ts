import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterNew, clusterPending, rebuildClusters } from '../../src/analyze/cluster.js';
import {
  analysisDb,
  clusterLinks,
  clusterReports,
  getCluster,
  listClusters,
  listQuoteClusters,
} from '../../src/store/clusters.js';
import { openSqlite, type SqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers.js';
import { articles, PLACES, type TestDoc } from './helpers.js';

// Three outlets on one strike on Kherson, a second strike the same day on Sumy, an accusation by
// Ukraine and Russia's denial of it in another outlet. Written for these tests.
const wire: TestDoc = {
  id: 'wire-kherson',
  source: 'Reuters',
  published: '2024-03-05',
  text: [
    'Russian drones hit a hospital in Kherson, killing four people',
    "Russian drones struck a children's hospital in the southern city of Kherson on Tuesday morning, killing four people and wounding nine, regional officials said.",
    'Ukraine accused Russia of deliberately targeting the hospital, which treats patients from across the region.',
    "The strike damaged the hospital's surgical wing and several nearby houses, emergency services said.",
  ].join('\n'),
  places: [PLACES.Kherson!],
  events: [
    {
      type: 'ASSAULT',
      source: ['country:RUS'],
      target: ['country:UKR'],
      date: '2024-03-05',
      place: 'Kherson',
      anchor: 'Russian drones struck a children',
    },
    {
      type: 'ACCUSE',
      source: ['country:UKR'],
      target: ['country:RUS'],
      anchor: 'Ukraine accused Russia of deliberately targeting',
    },
  ],
  quantities: [
    { kind: 'killed', value: 4, phrase: 'killing four people and wounding nine' },
    { kind: 'wounded', value: 9, phrase: 'wounding nine' },
  ],
  quotes: [
    {
      speaker: 'Oleksandr Prokudin',
      speakerKey: 'person:oleksandr-prokudin',
      text: 'The enemy aimed at a hospital full of sick children and their mothers',
    },
  ],
};
const broadcaster: TestDoc = {
  id: 'bbc-kherson',
  source: 'BBC News',
  published: '2024-03-05',
  text: [
    'Kherson hospital hit in drone attack',
    'At least three people have been killed after a Russian drone attack hit a hospital in Kherson, Ukrainian officials say.',
    'Governor Oleksandr Prokudin said: "The enemy aimed at a hospital full of sick children and their mothers."',
    'Kyiv has repeatedly accused Moscow of shelling civilian targets in the city since Ukrainian forces retook it in 2022.',
  ].join('\n'),
  places: [PLACES.Kherson!],
  events: [
    {
      type: 'ASSAULT',
      source: ['country:RUS'],
      target: [],
      place: 'Kherson',
      anchor: 'a Russian drone attack hit a hospital in Kherson',
    },
  ],
  quantities: [{ kind: 'killed', value: 3, phrase: 'At least three people' }],
  quotes: [
    {
      speaker: 'Oleksandr Prokudin',
      speakerKey: 'person:oleksandr-prokudin',
      text: 'The enemy aimed at a hospital full of sick children and their mothers.',
    },
  ],
};
const state: TestDoc = {
  id: 'tass-kherson',
  source: 'TASS',
  published: '2024-03-05',
  text: [
    'Russian forces hit Ukrainian army positions in Kherson',
    'Russian unmanned aircraft hit a temporary deployment point of Ukrainian formations in Kherson on Tuesday, a source in the emergency services said.',
    'The Kiev regime claimed that a hospital had been hit, the source added, without giving details.',
    'The special military operation continues in the Kherson Region, the Defense Ministry said.',
  ].join('\n'),
  places: [PLACES.Kherson!],
  events: [
    {
      type: 'ASSAULT',
      source: ['org:RUS-ARMED-FORCES'],
      target: ['country:UKR'],
      date: '2024-03-05',
      place: 'Kherson',
      anchor: 'Russian unmanned aircraft hit a temporary deployment point',
    },
  ],
};
const otherCity: TestDoc = {
  id: 'kp-sumy',
  source: 'Kyiv Post',
  published: '2024-03-05',
  text: [
    'Russian missile strikes Sumy apartment block',
    'A Russian missile hit an apartment block in Sumy on Tuesday, killing two residents and injuring fourteen, the city council said.',
    'Rescuers searched the rubble through the night as cranes lifted slabs of concrete from the collapsed stairwell.',
    'Sumy lies about 30 kilometres from the Russian border and is shelled almost daily.',
  ].join('\n'),
  places: [PLACES.Sumy!],
  events: [
    {
      type: 'ASSAULT',
      source: ['country:RUS'],
      target: ['country:UKR'],
      date: '2024-03-05',
      place: 'Sumy',
      anchor: 'A Russian missile hit an apartment block in Sumy',
    },
  ],
};
const denial: TestDoc = {
  id: 'ria-denial',
  source: 'RIA Novosti',
  published: '2024-03-06',
  text: [
    'Kremlin rejects Kyiv claims over Kherson hospital',
    'Kremlin spokesman Dmitry Peskov on Wednesday rejected accusations that Russian forces had targeted a hospital in Kherson.',
    'He said the armed forces strike only military targets and called the claims about the hospital a provocation staged for Western audiences.',
    'Peskov declined to comment on casualty figures given by Ukrainian officials.',
  ].join('\n'),
  places: [PLACES.Kherson!],
  events: [
    {
      type: 'REJECT',
      source: ['person:dmitry-peskov'],
      target: ['country:UKR'],
      date: '2024-03-06',
      place: 'Kherson',
      anchor: 'rejected accusations that Russian forces had targeted a hospital',
    },
  ],
};

async function store(): Promise<SqliteStore> {
  return openSqlite(join(tempDir('redline-cluster-'), 'c.db'));
}

async function ingest(s: SqliteStore, docs: TestDoc[]): Promise<string[]> {
  const { list, extract } = articles(docs);
  const out = await s.ingestBatch(list, extract);
  expect(out.map((o) => o.kind)).toEqual(docs.map(() => 'stored'));
  return list.map((a) => a.id);
}

/** Clusters as sets of event texts' article ids, comparable across rebuilds. */
async function partition(s: SqliteStore): Promise<string[][]> {
  const rows = await analysisDb(s.db)
    .selectFrom('cluster_members')
    .select(['cluster_id', 'event_id'])
    .orderBy('event_id')
    .execute();
  const by = new Map<number, number[]>();
  for (const r of rows) by.set(r.cluster_id, [...(by.get(r.cluster_id) ?? []), r.event_id]);
  return [...by.values()].map((l) => l.map(String).sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('cross-article clustering', () => {
  it('makes one cluster with three sources of three outlets reporting one strike', async () => {
    const s = await store();
    const ids = await ingest(s, [wire, broadcaster, state]);
    await clusterNew(s.db, ids);
    const strikes = await listClusters(s.db, { type: 'ASSAULT', minReports: 1 });
    expect(strikes).toHaveLength(1);
    const c = strikes[0]!;
    expect(c.articles).toBe(3);
    expect(c.outlets.sort()).toEqual(['BBC', 'Reuters', 'TASS']);
    expect(c.outletKinds.sort()).toEqual(['public-broadcaster', 'wire']);
    expect(c.sources).toEqual(['RUS']);
    expect(c.targets).toEqual(['UKR']);
    expect(c.day).toBe('2024-03-05');
    expect(c.firstArticle).toBe('wire-kherson');
    // The outlets disagree on the toll and on the words for the war and the capital.
    const d = c.disagreements as {
      figures?: { kind: string; values: { value: string }[] }[];
      framing?: { concept: string }[];
    };
    expect(
      d.figures
        ?.find((f) => f.kind === 'killed')
        ?.values.map((v) => v.value)
        .sort(),
    ).toEqual(['3', '4']);
    expect(d.framing?.map((f) => f.concept)).toEqual(expect.arrayContaining(['kyiv']));
    expect(await clusterReports(s.db, c.id)).toHaveLength(3);
    // The governor's statement quoted by two outlets is one statement with two sources.
    const quotes = await listQuoteClusters(s.db, { minReports: 2 });
    expect(quotes).toMatchObject([{ speakerRef: 'person:oleksandr-prokudin', articles: 2 }]);
    await s.close();
  });

  it('keeps two strikes on the same day in different cities apart', async () => {
    const s = await store();
    const ids = await ingest(s, [wire, otherCity, broadcaster]);
    await clusterNew(s.db, ids);
    const strikes = await listClusters(s.db, { type: 'ASSAULT', minReports: 1 });
    expect(strikes.map((c) => [c.place, c.articles]).sort()).toEqual([
      ['Kherson', 2],
      ['Sumy', 1],
    ]);
    await s.close();
  });

  it('keeps an accusation and the denial two events, linked as claim and counter-claim', async () => {
    const s = await store();
    const ids = await ingest(s, [wire, denial]);
    await clusterNew(s.db, ids);
    const accusation = (await listClusters(s.db, { type: 'ACCUSE', minReports: 1 }))[0]!;
    const answer = (await listClusters(s.db, { type: 'REJECT', minReports: 1 }))[0]!;
    expect(accusation.id).not.toBe(answer.id);
    expect(accusation.sources).toEqual(['UKR']);
    expect(answer.sources).toEqual(['RUS']);
    expect(await clusterLinks(s.db, answer.id)).toMatchObject([
      { claimId: accusation.id, counterId: answer.id, kind: 'denial' },
    ]);
    await s.close();
  });

  it('lets a new article join the stored cluster without recomputing the others', async () => {
    const s = await store();
    const first = await ingest(s, [wire, otherCity]);
    await clusterNew(s.db, first);
    const before = (await listClusters(s.db, { type: 'ASSAULT', minReports: 1 })).find(
      (c) => c.place === 'Kherson',
    )!;
    const sumy = (await listClusters(s.db, { type: 'ASSAULT', minReports: 1 })).find(
      (c) => c.place === 'Sumy',
    )!;
    const later = await ingest(s, [broadcaster]);
    const run = await clusterNew(s.db, later);
    expect(run).toMatchObject({ articles: 1, events: 1, created: 0, joined: 1 });
    const after = (await getCluster(s.db, before.id))!;
    expect(after.articles).toBe(2);
    expect(after.outlets).toEqual(['Reuters', 'BBC']);
    // The other cluster was not touched.
    expect((await getCluster(s.db, sumy.id))!.updatedAt).toBe(sumy.updatedAt);
    // Running it again changes nothing.
    expect(await clusterNew(s.db, later)).toMatchObject({ events: 0, created: 0, joined: 0 });
    await s.close();
  });

  it('gives the same clusters on a rebuild as article by article', async () => {
    const s = await store();
    for (const d of [wire, otherCity, broadcaster, state, denial])
      await clusterNew(s.db, await ingest(s, [d]));
    const incremental = await partition(s);
    const links = (await clusterLinks(s.db)).length;
    await rebuildClusters(s.db);
    expect(await partition(s)).toEqual(incremental);
    expect((await clusterLinks(s.db)).length).toBe(links);
    await s.close();
  });

  it('clusters after each ingest batch and skips articles already clustered', async () => {
    const s = await store();
    await ingest(s, [wire, broadcaster]);
    expect(await clusterPending(s.db)).toMatchObject({ articles: 2, events: 3 });
    expect(await clusterPending(s.db)).toMatchObject({ articles: 0, events: 0 });
    await s.close();
  });

  it('never puts a denied or hypothetical act in the cluster of the act that happened', async () => {
    const s = await store();
    const negated: TestDoc = {
      ...denial,
      id: 'ria-negated',
      events: [
        {
          type: 'ASSAULT',
          source: ['country:RUS'],
          modality: 'negated',
          date: '2024-03-05',
          place: 'Kherson',
          anchor: 'rejected accusations that Russian forces had targeted a hospital',
        },
      ],
    };
    const ids = await ingest(s, [wire, negated]);
    await clusterNew(s.db, ids);
    const strikes = await listClusters(s.db, { type: 'ASSAULT', minReports: 1 });
    expect(strikes.map((c) => c.group).sort()).toEqual(['happened', 'negated']);
    const happened = strikes.find((c) => c.group === 'happened')!;
    expect(await clusterLinks(s.db, happened.id)).toMatchObject([{ claimId: happened.id, kind: 'negation' }]);
    await s.close();
  });
});
