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

  it('a headline and the sentence that tells the act are one event, shown by the sentence', () => {
    const text =
      'Russian drones hit Lviv power plant\n\nRussian drones struck a power plant in Lviv on Monday, officials said.';
    const e = one(code(text), 'ASSAULT');
    expect(e.evidence).toHaveLength(2);
    expect(e.text).toBe('Russian drones struck a power plant in Lviv on Monday, officials said.');
  });

  it('a planned act and a carried-out act stay apart', () => {
    const text = 'Poland will send tanks to Ukraine. Poland sent tanks to Ukraine last year.';
    const aid = code(text).filter((e) => e.type === 'AID');
    expect(aid.map((e) => e.modality).sort()).toEqual(['asserted', 'future']);
  });
});

describe('weapons, attacks and places as doers and targets', () => {
  const assaults = (text: string) => code(text).filter((e) => e.type === 'ASSAULT');

  it('a demonym with weapons as subject: "Russian missiles and drones hit …"', () => {
    const e = one(code('Russian missiles and drones hit a power plant in Lviv.'), 'ASSAULT');
    expect(e.source).toEqual(['Russia']);
    expect(e.target).toEqual(['Ukraine']);
    expect(one(code('Turkish warplanes struck a village in Iraq.'), 'ASSAULT').source).toEqual(['Turkey']);
  });

  it('names coordinated with the demonym act too; "targets" after a name is a noun there', () => {
    const events = code('US and British warplanes struck Houthi targets in Yemen.');
    const e = one(events, 'ASSAULT');
    expect(e.source).toEqual(['United States', 'United Kingdom']);
    expect(e.target).toEqual(['Houthis']);
  });

  it('a demonym with any other noun does not act: "Ukrainian grain exports hit a record"', () => {
    expect(code('Ukrainian grain exports hit a record.')).toEqual([]);
  });

  it('a headline passive without "by": "Lviv power plant hit in overnight Russian strikes"', () => {
    const e = one(code('Lviv power plant hit in overnight Russian strikes'), 'ASSAULT');
    expect(e.source).toEqual(['Russia']);
    expect(e.target).toEqual(['Ukraine']);
  });

  it('an attack noun with a demonym: the place attacked gives the target country', () => {
    const e = one(code('An Israeli air strike on a house near Sidon killed three people.'), 'ASSAULT');
    expect(e.source).toEqual(['Israel']);
    expect(e.target).toEqual(['Lebanon']);
  });

  it('a country named as the place struck is not the doer of the killing', () => {
    const e = one(code('A Turkish strike on northern Syria killed four people.'), 'ASSAULT');
    expect(e.source).toEqual(['Turkey']);
    expect(e.target).toEqual(['Syria']);
  });

  it('a place as direct object, and a participle clause sharing the subject', () => {
    const e = one(code('Russian forces shelled Zaporizhzhia overnight, injuring five people.'), 'ASSAULT');
    expect(e.source).toEqual(['Russia']);
    expect(e.target).toEqual(['Ukraine']);
  });

  it('a passive without an agent: "fired from Lebanon at Metula"', () => {
    const e = one(code('Dozens of rockets were fired from Lebanon at Metula.'), 'ASSAULT');
    expect(e.source).toEqual(['Lebanon']);
    expect(e.target).toEqual(['Israel']);
  });

  it('the group a leader compound describes acts for the leader: "Hezbollah-led fighters"', () => {
    const e = one(
      code('Hezbollah-led fighters attacked an army post in Syria, killing four soldiers.'),
      'ASSAULT',
    );
    expect(e.source).toEqual(['Hezbollah']);
  });

  it('a gerund after "days of" is an attack noun with a by-agent', () => {
    expect(one(code('Residents fled after days of shelling by Russian forces.'), 'ASSAULT').source).toEqual([
      'Russia',
    ]);
  });

  it('"drop bombs on", and "use of missiles against"', () => {
    const drop = one(code('Russian aircraft dropped glide bombs on Zaporizhzhia.'), 'ASSAULT');
    expect(drop).toMatchObject({ source: ['Russia'], target: ['Ukraine'] });
    const use = one(
      code("Moscow condemned Kyiv's use of Western missiles against targets in Russia."),
      'ASSAULT',
    );
    expect(use).toMatchObject({ source: ['Ukraine'], target: ['Russia'] });
  });

  it('two attacks on different places are two events', () => {
    const text =
      'Russian missiles hit Lviv on Monday. Later on Monday, Russian missiles also hit Zaporizhzhia.';
    expect(assaults(text)).toHaveLength(2);
  });

  it("an act in a since-clause is another event than the main clause's", () => {
    const text =
      'Russia has intensified its attacks on Zaporizhzhia since Moscow launched an offensive in May.';
    expect(assaults(text)).toHaveLength(2);
  });
});

describe('agreements, withdrawals and subordinate clauses', () => {
  it('a since-clause holds an asserted act, even inside an accusation', () => {
    const e = one(
      code('Kyiv accused Moscow of blocking exports since Russia quit the grain deal.'),
      'RETREAT',
    );
    expect(e.source).toEqual(['Russia']);
    expect(e.modality).toBe('asserted');
  });

  it('leaving a deal is RETREAT, and the deal left is not an AGREE', () => {
    const events = code('Grain prices rose since Russia pulled out of the Black Sea deal.');
    expect(one(events, 'RETREAT').source).toEqual(['Russia']);
    expect(events.filter((e) => e.type === 'AGREE')).toEqual([]);
    expect(one(code('Russia refused to renew the Black Sea grain deal.'), 'RETREAT').source).toEqual([
      'Russia',
    ]);
  });

  it('a deal described by a relative clause is not a new agreement, nor is its content an act', () => {
    const events = code(
      'After Russia quit a deal that had allowed Ukraine to ship grain safely, Moscow repeatedly targeted ports.',
    );
    expect(events.filter((e) => e.type === 'AGREE')).toEqual([]);
    expect(one(events, 'ASSAULT').source).toEqual(['Russia']);
  });
});

describe('speech and statements', () => {
  it('a vow to retaliate is a threat', () => {
    const e = one(code('Iran vowed to retaliate against Israel.'), 'THREATEN');
    expect(e).toMatchObject({ source: ['Iran'], target: ['Israel'] });
  });

  it('"X should stop …" said by Y is a demand by Y on X, with the act folded into it', () => {
    const events = code('Beijing said that Washington should stop selling arms to Taiwan.');
    expect(events).toHaveLength(1);
    expect(one(events, 'REQUEST')).toMatchObject({ source: ['China'], target: ['United States'] });
  });

  it('a speech verb inside a name is not speech: "the United States"', () => {
    const e = one(code('Brazil said the United States sent weapons to Israel.'), 'AID');
    expect(e).toMatchObject({ source: ['United States'], modality: 'reported', claimant: ['Brazil'] });
  });

  it('a parenthesised acronym after the subject', () => {
    const e = one(code('The Rapid Support Forces (RSF) have denied shelling the camp.'), 'REJECT');
    expect(e.source).toEqual(['Rapid Support Forces']);
  });

  it('a clause after ", as" is the narrator\'s, not part of an announcement', () => {
    const events = code('Germany announced new aid for Ukraine, as Russian troops advanced in Donetsk.');
    expect(one(events, 'ASSAULT').modality).toBe('asserted');
    expect(events.filter((e) => e.type === 'ACCUSE')).toEqual([]);
  });

  it('a condemnation without "as", and a warning about another actor\'s conduct', () => {
    expect(one(code('Lavrov called it theft.'), 'ACCUSE').source).toEqual(['Sergey Lavrov']);
    const e = one(code('Minsk alerted to the forces that Poland is massing on its border.'), 'THREATEN');
    expect(e).toMatchObject({ source: ['Belarus'], target: ['Poland'] });
  });

  it('"staged what it called a patrol": the patrol is the object of "staged"', () => {
    expect(
      one(code('China staged what it called a combat readiness patrol near Taiwan.'), 'MOBILIZE').source,
    ).toEqual(['China']);
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
