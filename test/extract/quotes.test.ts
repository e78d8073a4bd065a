import { beforeAll, describe, expect, it } from 'vitest';
import { resolveCoref } from '../../src/extract/coref.js';
import { findMentions } from '../../src/extract/mentions.js';
import { findQuoteSpans } from '../../src/extract/quotes/marks.js';
import { extractQuotes } from '../../src/extract/quotes.js';
import type { QuoteItem } from '../../src/extract/record.js';
import { type KnowledgeBase, loadKb } from '../../src/kb/load.js';
import { annotate, paragraphs } from '../../src/nlp/annotate.js';

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKb();
});

const DATE = '2022-11-15';

function quotes(text: string, date = DATE): QuoteItem[] {
  const doc = annotate(
    {
      id: 't',
      title: null,
      url: null,
      published: date,
      publishedPrecision: null,
      source: null,
      language: 'en',
    },
    text,
  );
  const found = findMentions(doc, kb, date).mentions;
  const mentions = [...found, ...resolveCoref(doc, kb, found, date)].sort((a, b) => a.start - b.start);
  return extractQuotes(doc, kb, mentions, date);
}

function one(text: string): QuoteItem {
  const qs = quotes(text);
  expect(qs, JSON.stringify(qs)).toHaveLength(1);
  return qs[0]!;
}

describe('quotation marks', () => {
  const spans = (text: string) =>
    findQuoteSpans(text, paragraphs(text)).map((q) => [text.slice(q.start, q.end), q.depth, q.closed]);

  it('pairs every quote style and tells apostrophes from single quotes', () => {
    expect(spans('He said “yes” and «non» and „ja“ and "si".')).toEqual([
      ['yes', 0, true],
      ['non', 0, true],
      ['ja', 0, true],
      ['si', 0, true],
    ]);
    expect(spans('Russia’s envoy called it ‘a farce’, he said.')).toEqual([['a farce', 0, true]]);
    expect(spans('“Don’t say ‘never’ here,” she said.')).toEqual([
      ['Don’t say ‘never’ here,', 0, true],
      ['never', 1, true],
    ]);
  });

  it('closes a quote left open at the paragraph end and links a re-opened one', () => {
    const text = '“The first part goes on.\n“The second part ends,” she said.';
    const qs = findQuoteSpans(text, paragraphs(text));
    expect(qs.map((q) => q.closed)).toEqual([false, true]);
    expect(qs[0]!.next).toBe(1);
    expect(qs[1]!.prev).toBe(0);
  });

  it('reads a stray opening mark before punctuation as the closing one', () => {
    expect(spans('“We will stay here “, he said.')).toEqual([['We will stay here', 0, true]]);
  });
});

describe('direct quotes', () => {
  it('takes the speaker from an attribution after the quote', () => {
    const text = '“We will not back down,” Lavrov said on Monday.';
    const q = one(text);
    expect(q).toMatchObject({
      speaker: 'Sergey Lavrov',
      kind: 'direct',
      cue: 'said',
      text: 'We will not back down',
    });
    expect(text.slice(q.span[0], q.span[1])).toBe('We will not back down');
    expect(q.evidence).toEqual([0, text.length]);
  });

  it('reads straight quotes, guillemets and German quotes', () => {
    expect(one('"The talks were useful," Peskov told reporters.')).toMatchObject({
      speaker: 'Dmitry Peskov',
      kind: 'direct',
      cue: 'told reporters',
    });
    expect(one('«Our alliance stays united», Stoltenberg said.').speaker).toBe('Jens Stoltenberg');
    expect(one('„Our alliance stays united“, Stoltenberg said.').text).toBe('Our alliance stays united');
    expect(one('‘The door stays open,’ said Zakharova.')).toMatchObject({
      speaker: 'Maria Zakharova',
      cue: 'said',
    });
  });

  it('keeps a quote over several sentences in one item', () => {
    const q = one(
      '“The first drill went well. The second one starts today. We are ready,” Stoltenberg said.',
    );
    expect(q.text).toBe('The first drill went well. The second one starts today. We are ready');
  });

  it('joins a quote continued in the next paragraph', () => {
    const q = one('“The first drill went well.\n“The second one starts today,” Stoltenberg said.');
    expect(q.speaker).toBe('Jens Stoltenberg');
    expect(q.text).toContain('first drill');
    expect(q.text).toContain('second one');
  });

  it('gives both parts of an interrupted quote to the speaker between them', () => {
    const qs = quotes('“If the talks fail,” Lavrov said, “the fighting will go on.”');
    expect(qs.map((q) => [q.speaker, q.cue, q.text])).toEqual([
      ['Sergey Lavrov', 'said', 'If the talks fail'],
      ['Sergey Lavrov', 'said', 'the fighting will go on.'],
    ]);
    // A full stop after the attribution starts a new quote, attributed on its own.
    const two = quotes('“We are ready,” Lavrov said. “Nobody else is.”');
    expect(two.map((q) => q.cue)).toEqual(['said', null]);
  });

  it('gives a following quoted sentence to the same speaker', () => {
    const qs = quotes('“We are ready,” Stoltenberg said.\n“Nobody wants a wider war.”');
    expect(qs.map((q) => [q.speaker, q.cue])).toEqual([
      ['Jens Stoltenberg', 'said'],
      ['Jens Stoltenberg', null],
    ]);
  });

  it('resolves pronoun and description speakers', () => {
    const qs = quotes(
      'Nebenzia spoke at the Security Council on Friday. “The shelling must stop,” he said. ' +
        '“Nobody is listening,” the Russian diplomat added.',
    );
    expect(qs.map((q) => q.speaker)).toEqual(['Vasily Nebenzya', 'Vasily Nebenzya']);
  });

  it('reports an unnamed spokesperson as the organisation', () => {
    const qs = quotes(
      'A NATO spokesperson said the alliance was watching the border. “We see no reason for alarm,” the spokesman said.',
    );
    expect(qs.map((q) => q.speaker)).toEqual(['NATO', 'NATO']);
  });

  it('finds the medium an outlet is told through', () => {
    expect(one('“We fear a long war,” Stoltenberg told the broadcaster NRK.').medium).toBe('NRK');
  });
});

describe('partial and indirect quotes', () => {
  it('keeps a quoted phrase inside reported speech with its clause', () => {
    const q = one('Peskov criticised the plan, labelling it “reckless and dangerous”.');
    expect(q).toMatchObject({ speaker: 'Dmitry Peskov', cue: 'labelling' });
    expect(q.text).toContain('reckless and dangerous');
  });

  it('reads that-clauses, with and without "that"', () => {
    expect(one('Lavrov said on Tuesday that the West was prolonging the war.')).toMatchObject({
      speaker: 'Sergey Lavrov',
      kind: 'indirect',
      text: 'the West was prolonging the war.',
    });
    expect(one('Zakharova insisted Moscow had never refused talks.').text).toBe(
      'Moscow had never refused talks.',
    );
  });

  it('reads according to, before and after the content', () => {
    expect(one('According to NATO, the drills will last two weeks.')).toMatchObject({
      speaker: 'NATO',
      cue: 'According to',
      text: 'the drills will last two weeks.',
    });
    expect(one('The drills will last two weeks, according to NATO.')).toMatchObject({
      speaker: 'NATO',
      text: 'The drills will last two weeks',
    });
  });

  it('reads claim, warn, argue and recall verbs and their objects', () => {
    expect(one('Russia claimed the strike hit only military targets.').speaker).toBe('Russia');
    expect(one('Stoltenberg warned of a long and difficult winter.').text).toBe(
      'a long and difficult winter.',
    );
    expect(one('NATO recalled that it had doubled its forces in the east.').speaker).toBe('NATO');
    expect(one('The Kremlin denied the allegations of a build-up near the border.').speaker).toBe('Russia');
  });

  it('takes the speaker of an inverted attribution after the content', () => {
    expect(one('The war could spread to other countries, Stoltenberg has said.')).toMatchObject({
      speaker: 'Jens Stoltenberg',
      text: 'The war could spread to other countries',
    });
  });

  it('splits a second that-clause given by a participle or a second verb', () => {
    const qs = quotes('The UN said that 40 civilians died, adding that the real toll is higher.');
    expect(qs.map((q) => [q.speaker, q.cue, q.text])).toEqual([
      ['United Nations', 'said', '40 civilians died'],
      ['United Nations', 'adding', 'the real toll is higher.'],
    ]);
  });

  it('looks for the subject before a parenthetical between it and the verb', () => {
    expect(one('Lavrov, speaking to the BBC, said the talks had stalled.')).toMatchObject({
      speaker: 'Sergey Lavrov',
      medium: 'BBC',
    });
    expect(
      one('Volodymyr Zelenskyy, in a call with Joe Biden, said Ukraine needed more air defence.').speaker,
    ).toBe('Volodymyr Zelenskyy');
  });

  it('reads an "As X said," lead', () => {
    expect(one('As Stoltenberg explained, the alliance needs more air defence.')).toMatchObject({
      speaker: 'Jens Stoltenberg',
      text: 'the alliance needs more air defence.',
    });
  });

  it('names the medium of a statement and the outlet of an interview', () => {
    expect(one('Stoltenberg said in a statement that the alliance was united.').medium).toBe('statement');
    expect(one('Lavrov told Reuters that the talks had failed.').medium).toBe('Reuters');
  });

  it('carries a quoted phrase in the next sentence to the same account', () => {
    const qs = quotes(
      'Drones struck two depots overnight, according to the Russian Defence Ministry. The attack “failed completely”.',
    );
    expect(qs).toHaveLength(2);
    expect(qs[1]).toMatchObject({ cue: null, kind: 'direct', speaker: qs[0]!.speaker });
  });
});

describe('what is not a quote', () => {
  it('leaves scare quotes and titles alone', () => {
    expect(quotes('The so-called “peace plan” was published on Monday.')).toEqual([]);
    expect(quotes('The film “Winter on Fire” was shown in Kyiv last week.')).toEqual([]);
    expect(quotes('Russia Rejects “Fact Sheet” on Ukraine\nThe talks in Geneva ended early.')).toEqual([]);
  });

  it('leaves passives, negations, relative clauses and acts that only look like speech', () => {
    expect(quotes('The plan was condemned by Ukraine.')).toEqual([]);
    expect(quotes('Lavrov did not say whether the talks would resume.')).toEqual([]);
    expect(quotes('Ukraine reported new attacks, which Moscow has repeatedly denied.')).toEqual([]);
    expect(quotes('Stoltenberg thanked Germany for the air defence systems.')).toEqual([]);
    expect(quotes('NATO continued to send weapons to Ukraine.')).toEqual([]);
  });

  it('does not invent a speaker', () => {
    expect(quotes('“We will hold the line,” a soldier said.')).toEqual([]);
    expect(quotes('Officials said the bridge had been damaged.')).toEqual([]);
  });
});
