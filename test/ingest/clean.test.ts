import { describe, expect, it } from 'vitest';
import { clean, repairLine, splitStories } from '../../src/ingest/clean.js';

const BODY = [
  'Officials in Tallinn said on Monday that two patrol boats had left the harbour before dawn.',
  'The defence ministry said the boats would return by Friday, weather permitting.',
  '“We are watching the sea lanes closely,” the ministry spokeswoman told reporters.',
];

function keepsBody(text: string): void {
  for (const s of BODY) expect(text).toContain(s);
}

describe('clean: boilerplate', () => {
  it.each([
    [
      'share widgets',
      ['Spread the love', '• Live', '    • Audio Only', '  • google plus', '  • facebook', '• twitter'],
    ],
    [
      'comment footers',
      ['Post a Comment', 'No comments:', 'Thanks for commenting on this post. Please share it.', 'Comments'],
    ],
    ['breadcrumbs', ['News > U.S.', 'World › Europe']],
    [
      'captions and credits',
      [
        'Soldiers at a checkpoint. | Photo: Reuters/Staff',
        'Photo: AFP',
        'Image by defence ministry press office',
      ],
    ],
  ])('removes %s and keeps every body sentence', (_what, furniture) => {
    const raw = [furniture[0], BODY[0], ...furniture.slice(1), BODY[1], BODY[2]].join('\n');
    const c = clean(raw);
    const text = c.stories.map((s) => s.text).join('\n');
    keepsBody(text);
    for (const f of furniture) expect(text).not.toContain(f.trim());
    expect(c.removed.length).toBe(furniture.length);
  });

  it('removes a caption printed twice, once with its credit', () => {
    const raw = [
      '• Troops unload crates at a depot. Jan. 3, 2023.',
      'Troops unload crates at a depot. Jan. 3, 2023. | Photo: Twitter/@someone',
      ...BODY,
    ].join('\n');
    const text = clean(raw).stories[0]!.text;
    expect(text).not.toContain('Troops unload');
    keepsBody(text);
  });

  it('drops a repeated headline but keeps the first', () => {
    const raw = [
      'Navy boats leave Tallinn harbour',
      'Spread the love',
      'Navy boats leave Tallinn harbour',
      ...BODY,
    ].join('\n');
    const c = clean(raw);
    expect(c.title).toBe('Navy boats leave Tallinn harbour');
    expect(c.stories[0]!.text.match(/Navy boats leave/g)).toHaveLength(1);
    expect(c.removed.map((r) => r.reason)).toContain('repeated headline');
  });

  it('keeps body sentences that merely mention widget words', () => {
    const raw = [
      'The minister said she would share the findings with allies on Twitter later.',
      'Live fire exercises resumed near the border, the army said.',
      'Comments by the envoy were not welcomed in Moscow.',
    ].join('\n');
    expect(clean(raw).removed).toEqual([]);
  });
});

describe('clean: repairs', () => {
  it('removes markup residue', () => {
    const r: string[] = [];
    expect(repairLine('ministers strong>A meeting is planned /p>', r)).toBe('ministers A meeting is planned');
    expect(r).toHaveLength(2);
  });
  it('splits words glued by scrapers', () => {
    const r: string[] = [];
    expect(repairLine('He thanked Poland and FinlandThe minister agreed.', r)).toBe(
      'He thanked Poland and Finland. The minister agreed.',
    );
    expect(repairLine('Kyiv needsand wants more guns.', r)).toBe('Kyiv needs and wants more guns.');
    expect(repairLine('the president of Georgia,Irakli Kobakhidze said', r)).toBe(
      'the president of Georgia, Irakli Kobakhidze said',
    );
  });
  it('leaves real words and names alone', () => {
    const r: string[] = [];
    const line = 'McDonald and YouTube spoke of an island, a husband and LinkedIn in Dnipro.';
    expect(repairLine(line, r)).toBe(line);
    expect(r).toEqual([]);
  });
  it('decodes entities', () => {
    expect(repairLine('Tom &amp; Jerry&nbsp;met&#8217;s', [])).toBe('Tom & Jerry met’s');
  });
});

describe('clean: metadata lines', () => {
  it('turns "Published …" and "News Source: …" into fields', () => {
    const c = clean(['News Source: Example Wire', 'Published 24 January 2022', ...BODY].join('\n'));
    expect(c.published).toBe('2022-01-24');
    expect(c.publishedPrecision).toBe('day');
    expect(c.source).toBe('Example Wire');
    expect(c.stories[0]!.text).not.toMatch(/Published|News Source/);
  });
  it('does not take "Source: With Agencies" as an outlet', () => {
    expect(clean([...BODY, 'Source: With Agencies'].join('\n')).source).toBeNull();
  });
  it('reads a wire dateline into place and wire', () => {
    const c = clean(`TALLINN (Reuters) - ${BODY[0]}\n${BODY[1]}`);
    expect(c.dateline).toEqual({ place: 'Tallinn', wire: 'Reuters' });
    expect(c.source).toBe('Reuters');
    expect(c.stories[0]!.text.startsWith('Officials in Tallinn')).toBe(true);
  });
  it('reads a dateline with a date', () => {
    const c = clean(`KYIV, March 3 (Reuters) - ${BODY[0]}`);
    expect(c.dateline?.place).toBe('Kyiv');
  });
});

describe('clean: story splitting', () => {
  const storyA = [
    'Navy boats leave Tallinn harbour',
    'Estonia says the patrols are routine and will end on Friday',
    ...BODY,
  ];
  const storyB = [
    'Drone downed over Pskov region – local governor',
    'The regional head says nobody was hurt when the aircraft fell near a village, the governor says.',
    'A drone was shot down over the Pskov region overnight, the governor said on Telegram.',
    'Debris damaged a barn but caused no injuries, he added.',
    'Officials did not say who had launched the aircraft.',
  ];
  it('splits glued stories at a headline followed by a standfirst', () => {
    const stories = splitStories([...storyA, ...storyB]);
    expect(stories).toHaveLength(2);
    expect(stories[1]!.title).toBe('Drone downed over Pskov region – local governor');
    expect(stories[1]!.text).toContain('Debris damaged a barn');
    expect(stories[0]!.text).not.toContain('Debris');
  });
  it('does not split at a sub-heading followed by ordinary prose', () => {
    const lines = [
      ...storyA,
      'Arms reserves',
      BODY[0]!,
      BODY[1]!,
      'The most serious escalation',
      `“${BODY[2]!}`,
    ];
    expect(splitStories(lines)).toHaveLength(1);
  });
  it('shares the file metadata between the stories', () => {
    const c = clean(['News Source: Example Wire', ...storyA, ...storyB].join('\n'));
    expect(c.stories).toHaveLength(2);
    expect(c.source).toBe('Example Wire');
  });
});
