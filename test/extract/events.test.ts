import { beforeAll, describe, expect, it } from 'vitest';
import { extractEvents } from '../../src/extract/events.js';
import { findMentions, type Mention } from '../../src/extract/mentions.js';
import type { EventItem, QuoteItem } from '../../src/extract/record.js';
import { type KnowledgeBase, loadKb } from '../../src/kb/load.js';
import { annotate } from '../../src/nlp/annotate.js';
import type { Doc } from '../../src/nlp/doc.js';

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKb();
});

const DATE = '2024-03-15';

function docOf(text: string): Doc {
  return annotate(
    {
      id: 't',
      title: null,
      url: null,
      published: DATE,
      publishedPrecision: 'day',
      source: null,
      language: 'en',
    },
    text,
  );
}

interface Extra {
  mentions?: (doc: Doc) => Mention[];
  quotes?: QuoteItem[];
}

function code(text: string, extra: Extra = {}): EventItem[] {
  const doc = docOf(text);
  const mentions = [...findMentions(doc, kb, DATE).mentions, ...(extra.mentions?.(doc) ?? [])].sort(
    (a, b) => a.start - b.start,
  );
  return extractEvents(doc, kb, { mentions, quotes: extra.quotes ?? [], dates: [], date: DATE });
}

function one(events: EventItem[], type: string): EventItem {
  const hits = events.filter((e) => e.type === type);
  expect(hits, JSON.stringify(events.map((e) => [e.type, e.source, e.target]))).toHaveLength(1);
  return hits[0]!;
}

describe('event types', () => {
  it('THREATEN: a warning with a consequence for the addressee', () => {
    const e = one(code('Russia threatened Poland with retaliation.'), 'THREATEN');
    expect(e.source).toEqual(['Russia']);
    expect(e.target).toEqual(['Poland']);
    expect(e.cameo).toBe('13');
    expect(typeof e.intensity).toBe('number');
  });

  it('ACCUSE', () => {
    const e = one(code('Lithuania accused Belarus of staging provocations at the border.'), 'ACCUSE');
    expect(e.source).toEqual(['Lithuania']);
    expect(e.target).toEqual(['Belarus']);
  });

  it('REJECT', () => {
    const e = one(code('Serbia rejected the peace plan.'), 'REJECT');
    expect(e.source).toEqual(['Serbia']);
    expect(e.modality).toBe('asserted');
  });

  it('REQUEST, with the requested act folded into it', () => {
    const events = code('Finland urged Germany to send more tanks.');
    expect(events).toHaveLength(1);
    const e = one(events, 'REQUEST');
    expect(e.source).toEqual(['Finland']);
    expect(e.target).toEqual(['Germany']);
    expect(e.act).toMatchObject({ type: 'AID' });
  });

  it('MOBILIZE', () => {
    const e = one(code('Belarus deployed troops to its western border.'), 'MOBILIZE');
    expect(e.source).toEqual(['Belarus']);
    expect(e.mode).toBe('troops');
  });

  it('AID: a material transfer, not a message', () => {
    const e = one(code('Germany delivered air defence systems to Ukraine.'), 'AID');
    expect(e.source).toEqual(['Germany']);
    expect(e.target).toEqual(['Ukraine']);
    expect(code('Germany sent a clear message to Hungary.').filter((x) => x.type === 'AID')).toEqual([]);
  });

  it('ASSAULT', () => {
    const e = one(code('Russia launched a missile attack on Ukraine.'), 'ASSAULT');
    expect(e.source).toEqual(['Russia']);
    expect(e.target).toEqual(['Ukraine']);
    expect(e.cameo).toBe('19');
  });

  it('SANCTION', () => {
    const e = one(code('Canada imposed sanctions on Iran.'), 'SANCTION');
    expect(e.source).toEqual(['Canada']);
    expect(e.target).toEqual(['Iran']);
  });

  it('COERCE', () => {
    const e = one(code('Iran seized a British tanker in the Gulf.'), 'COERCE');
    expect(e.source).toEqual(['Iran']);
    expect(e.target).toEqual(['United Kingdom']);
  });

  it('CONSULT: meetings make every participant a source', () => {
    const e = one(code('Joe Biden met Volodymyr Zelenskyy in Kyiv.'), 'CONSULT');
    expect(e.source).toEqual(['Joe Biden', 'Volodymyr Zelenskyy']);
    expect(e.target).toEqual([]);
  });

  it('SUPPORT', () => {
    const e = one(code('France praised Moldova for its reforms.'), 'SUPPORT');
    expect(e.source).toEqual(['France']);
    expect(e.target).toEqual(['Moldova']);
  });

  it('AGREE', () => {
    const e = one(code('Armenia and Azerbaijan agreed a ceasefire.'), 'AGREE');
    expect(e.source).toEqual(['Armenia', 'Azerbaijan']);
  });
});

describe('modality', () => {
  it('negated: "has not attacked"', () => {
    const e = one(code('Russia has not attacked Finland.'), 'ASSAULT');
    expect(e.modality).toBe('negated');
  });

  it('a speaker denying their own side acted is a REJECT carrying the denied act', () => {
    const events = code('Turkey said it did not send weapons to Azerbaijan.', {
      mentions: (doc) => [pronoun(doc, 'it', 'country:TUR')],
    });
    const e = one(events, 'REJECT');
    expect(e.source).toEqual(['Turkey']);
    expect(e.act).toMatchObject({ type: 'AID', modality: 'negated' });
    expect(events.filter((x) => x.type === 'AID')).toEqual([]);
  });

  it('hypothetical: a condition colours its consequence', () => {
    const events = code('If Russia invades Moldova, Romania would respond.');
    expect(one(events, 'ASSAULT').modality).toBe('hypothetical');
    expect(one(events, 'THREATEN').source).toEqual(['Romania']);
  });

  it('a hypothetical war is never stored as a war', () => {
    const events = code('The conflict could escalate into a war between Russia and NATO.');
    expect(events.filter((e) => e.type === 'ASSAULT' && e.modality !== 'hypothetical')).toEqual([]);
  });

  it('future: "will send"', () => {
    const e = one(code('Japan will send humanitarian aid to Turkey.'), 'AID');
    expect(e.modality).toBe('future');
    expect(e.target).toEqual(['Turkey']);
  });

  it('reported: a hostile act stated by a speaker is also an accusation', () => {
    const events = code('Ukraine said Russian troops attacked a hospital in Kherson.');
    const act = one(events, 'ASSAULT');
    expect(act.source).toEqual(['Russia']);
    expect(act.modality).toBe('reported');
    expect(act.claimant).toEqual(['Ukraine']);
    const charge = one(events, 'ACCUSE');
    expect(charge.source).toEqual(['Ukraine']);
    expect(charge.target).toEqual(['Russia']);
  });

  it('reported through a quote from the quote layer', () => {
    const text = '“Russia shelled Kharkiv overnight,” the mayor said.';
    const start = text.indexOf('Russia');
    const quote: QuoteItem = {
      speaker: 'Ukraine',
      speakerKey: 'country:UKR',
      text: 'Russia shelled Kharkiv overnight,',
      kind: 'direct',
      cue: 'said',
      span: [start, text.indexOf('”')],
    };
    const events = code(text, { quotes: [quote] });
    expect(one(events, 'ASSAULT')).toMatchObject({ modality: 'reported', claimant: ['Ukraine'] });
    expect(one(events, 'ACCUSE')).toMatchObject({ source: ['Ukraine'], target: ['Russia'] });
  });
});

describe('clause structure', () => {
  it('passive voice: the by-phrase is the source, the subject the target', () => {
    const e = one(code('Georgia was attacked by Russia.'), 'ASSAULT');
    expect(e.source).toEqual(['Russia']);
    expect(e.target).toEqual(['Georgia']);
  });

  it('passive with a progressive: "were being used by Ukrainian troops to strike"', () => {
    const e = one(code('The rockets were being used by Ukrainian troops to strike Russia.'), 'ASSAULT');
    expect(e.source).toEqual(['Ukraine']);
    expect(e.target).toEqual(['Russia']);
  });

  it('compound actors on both sides', () => {
    const e = one(
      code('The United States and the United Kingdom imposed sanctions on Russia and Belarus.'),
      'SANCTION',
    );
    expect(e.source).toEqual(['United States', 'United Kingdom']);
    expect(e.target).toEqual(['Russia', 'Belarus']);
  });

  it('nominalisations: possessor, by-phrase and to-phrase', () => {
    expect(
      one(code("Russia's deployment of troops to Belarus alarmed Lithuania."), 'MOBILIZE').source,
    ).toEqual(['Russia']);
    const e = one(code('Weapons deliveries by Germany to Ukraine continued.'), 'AID');
    expect(e.source).toEqual(['Germany']);
    expect(e.target).toEqual(['Ukraine']);
  });

  it('a support verb gives its subject to the event noun', () => {
    const e = one(code('Ukraine launched an incursion into Russia.'), 'ASSAULT');
    expect(e.source).toEqual(['Ukraine']);
    expect(e.target).toEqual(['Russia']);
  });

  it('prepositional targets, through a place phrase', () => {
    const e = one(code('Israel carried out strikes against targets inside Syria.'), 'ASSAULT');
    expect(e.source).toEqual(['Israel']);
    expect(e.target).toEqual(['Syria']);
  });

  it('a relative clause: "Ukraine, a country that Russia invaded"', () => {
    const e = one(
      code('The drones were found in Ukraine, a country that Russia invaded in 2022.'),
      'ASSAULT',
    );
    expect(e.source).toEqual(['Russia']);
    expect(e.target).toEqual(['Ukraine']);
  });

  it('pronoun sources from coreference', () => {
    const text = 'Volodymyr Zelenskyy arrived in Warsaw. He thanked Poland for its support.';
    const events = code(text, { mentions: (doc) => [pronoun(doc, 'He', 'person:volodymyr-zelenskyy')] });
    const e = one(events, 'SUPPORT');
    expect(e.source).toEqual(['Volodymyr Zelenskyy']);
    expect(e.target).toEqual(['Poland']);
  });

  it('no event without a source actor', () => {
    expect(code('Missiles hit a school in the city.')).toEqual([]);
  });
});

describe('restatements', () => {
  it('the same event restated later is one event with several evidence spans', () => {
    const text = 'Russia invaded Ukraine in 2022. The Russian invasion of Ukraine displaced millions.';
    const events = code(text);
    const e = one(events, 'ASSAULT');
    expect(e.evidence).toHaveLength(2);
    expect(e.text).toBe('Russia invaded Ukraine in 2022.');
    expect(text.slice(...(e.trigger as [number, number]))).toBe('invaded');
  });

  it('a planned act and a carried-out act stay apart', () => {
    const text = 'Poland will send tanks to Ukraine. Poland sent tanks to Ukraine last year.';
    const aid = code(text).filter((e) => e.type === 'AID');
    expect(aid.map((e) => e.modality).sort()).toEqual(['asserted', 'future']);
  });
});

function pronoun(doc: Doc, word: string, key: string): Mention {
  const start = doc.text.indexOf(` ${word} `) + 1 || doc.text.indexOf(`${word} `);
  const sentence = doc.layers.sentences.findIndex((s) => s.start <= start && s.end > start);
  return {
    start,
    end: start + word.length,
    kind: key.split(':')[0] as Mention['kind'],
    key,
    via: 'pronoun',
    sentence,
  };
}
