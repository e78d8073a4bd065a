import { beforeAll, describe, expect, it } from 'vitest';
import { resolveCoref } from '../../src/extract/coref.js';
import { findMentions } from '../../src/extract/mentions.js';
import { type KnowledgeBase, loadKb } from '../../src/kb/load.js';
import { annotate } from '../../src/nlp/annotate.js';

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKb();
});

/** The coreference mentions of a text as [surface, key, via]. */
function coref(text: string, date = '2022-11-15'): [string, string, string][] {
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
  return resolveCoref(doc, kb, found, date).map((m) => [text.slice(m.start, m.end), m.key, m.via]);
}

describe('pronouns', () => {
  it('resolves he and she by gender', () => {
    expect(
      coref('Stoltenberg met Zakharova in Vienna. He said the meeting was useful. She disagreed.'),
    ).toEqual([
      ['He', 'person:jens-stoltenberg', 'pronoun'],
      ['She', 'person:maria-zakharova', 'pronoun'],
    ]);
  });

  it('prefers the subject for a subject pronoun', () => {
    const out = coref('Stoltenberg asked Lukashenko to stop the attacks. He warned of the consequences.');
    expect(out).toContainEqual(['He', 'person:jens-stoltenberg', 'pronoun']);
  });

  it('resolves it and its to an organisation or a country, they to an organisation', () => {
    const out = coref(
      'NATO warned Russia that it would defend its members. The alliance said they were ready.',
    );
    expect(out).toContainEqual(['it', 'org:NATO', 'pronoun']);
    expect(out).toContainEqual(['its', 'org:NATO', 'pronoun']);
    expect(out).toContainEqual(['they', 'org:NATO', 'pronoun']);
  });

  it('leaves pronouns it cannot place', () => {
    expect(coref('He said the bridge was closed.')).toEqual([]);
    // "it" without an actor to act ("it is difficult") and inside a relative clause.
    expect(coref('NATO met in Brussels. It is difficult to say more.')).toEqual([]);
    expect(coref('Russia shelled the town it had captured.')).toEqual([]);
  });

  it('ignores pronouns inside quotations and the names quoted there', () => {
    expect(coref('Stoltenberg spoke. “He must stop,” Zakharova said of Lukashenko.')).toEqual([]);
  });

  it('does not reach past an unknown named subject', () => {
    expect(
      coref(
        'Stoltenberg arrived. Health Minister Ivan Petrovsky told reporters the clinics were full. He said more.',
      ),
    ).toEqual([]);
  });
});

describe('nominals', () => {
  it('resolves a description by role, nationality and date', () => {
    expect(coref('Nebenzia addressed the council. The Russian diplomat said the strikes must stop.')).toEqual(
      [['The Russian diplomat', 'person:vasily-nebenzya', 'nominal']],
    );
    expect(coref('Stoltenberg arrived in Brussels. The Norwegian politician said little.')).toEqual([
      ['The Norwegian politician', 'person:jens-stoltenberg', 'nominal'],
    ]);
    // A description that does not fit his office, or no office on that date, resolves to nobody.
    expect(coref('Stoltenberg arrived in Brussels. The Norwegian general said little.')).toEqual([]);
    expect(
      coref('Stoltenberg arrived in Brussels. The Norwegian politician said little.', '2014-03-01'),
    ).toEqual([]);
  });

  it('reads "the head of the alliance" as the office holder on the date', () => {
    const out = coref('NATO met in Brussels. The head of the US-led bloc warned Russia.');
    expect(out).toContainEqual(['The head of the US-led bloc', 'person:jens-stoltenberg', 'nominal']);
    expect(coref('The highest representative of NATO spoke first.')).toEqual([
      ['The highest representative of NATO', 'person:jens-stoltenberg', 'nominal'],
    ]);
  });

  it('reports an unnamed official as the organisation or state in the phrase', () => {
    expect(coref('A NATO spokesperson said the drills would go on. The spokesman added nothing.')).toEqual([
      ['A NATO spokesperson', 'org:NATO', 'nominal'],
      ['The spokesman', 'org:NATO', 'nominal'],
    ]);
    expect(coref('Russian officials denied the report.')).toEqual([
      ['Russian officials', 'country:RUS', 'nominal'],
    ]);
  });

  it('does not make an expert or a soldier speak for a state', () => {
    expect(coref('A Russian military expert said the strike was precise.')).toEqual([]);
    expect(coref('A Ukrainian soldier said the town had fallen.')).toEqual([]);
  });

  it('resolves organisation descriptions to the latest fitting organisation', () => {
    expect(coref('NATO met in Brussels. Russia criticised the alliance.')).toContainEqual([
      'the alliance',
      'org:NATO',
      'nominal',
    ]);
    expect(coref('Russia said the international organization was biased.')).toEqual([]);
  });

  it('leaves former office holders alone', () => {
    expect(coref('Stoltenberg spoke. The former politician said little.')).toEqual([]);
  });
});
