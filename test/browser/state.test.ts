// The dashboard's view state: filters in the URL, read back the same; date bounds as days.
import { describe, expect, it } from 'vitest';
import {
  boundDay,
  DEFAULT_ESCALATION,
  EMPTY,
  eventParams,
  inRange,
  parseState,
  quoteParams,
  toSearch,
} from '../../web/src/state.js';

describe('dashboard URL state', () => {
  it('writes the filters and the open article into the query and reads them back', () => {
    const state = {
      filters: {
        q: 'grain terminal',
        actor: 'country:RUS',
        type: ['ASSAULT', 'COERCE'],
        modality: ['reported'],
        outlet: 'Reuters',
        since: '2024-01',
        until: '2024-06-30',
      },
      reader: { article: 'abc123', hl: 'e41' },
      escalation: { dyad: 'RUS:UKR', by: 'day' as const },
    };
    const search = toSearch(state);
    expect(search).toBe(
      '?q=grain+terminal&actor=country%3ARUS&type=ASSAULT%2CCOERCE&modality=reported&outlet=Reuters&since=2024-01&until=2024-06-30&dyad=RUS%3AUKR&by=day&read=abc123&hl=e41',
    );
    expect(parseState(search)).toEqual(state);
    expect(toSearch({ filters: EMPTY, reader: null, escalation: DEFAULT_ESCALATION })).toBe('');
    expect(parseState('')).toEqual({ filters: EMPTY, reader: null, escalation: DEFAULT_ESCALATION });
  });

  it('keeps the escalation pair and period, and leaves the defaults out of the address', () => {
    const directed = { filters: EMPTY, reader: null, escalation: { dyad: 'RUS>NATO', by: 'week' as const } };
    expect(toSearch(directed)).toBe('?dyad=RUS%3ENATO');
    expect(parseState('?dyad=RUS%3ENATO')).toEqual(directed);
    expect(parseState('?by=DAY').escalation).toEqual({ dyad: '', by: 'day' });
    // Anything but day is the default week.
    expect(parseState('?by=month').escalation).toEqual(DEFAULT_ESCALATION);
    expect(toSearch({ filters: EMPTY, reader: null, escalation: { dyad: '', by: 'day' } })).toBe('?by=day');
  });

  it('normalises lists from hand-written URLs', () => {
    const { filters } = parseState('?type=assault,%20coerce,&modality=Reported');
    expect(filters.type).toEqual(['ASSAULT', 'COERCE']);
    expect(filters.modality).toEqual(['reported']);
  });

  it('maps the filters onto the events and quotes parameters', () => {
    const f = { ...EMPTY, q: 'drone', actor: 'Russia', type: ['ASSAULT'], since: '2024' };
    expect(eventParams(f)).toMatchObject({ text: 'drone', actor: 'Russia', type: 'ASSAULT', since: '2024' });
    expect(eventParams(f, false)).toMatchObject({ since: '', until: '' });
    expect(quoteParams(f)).toEqual({
      text: 'drone',
      speaker: 'Russia',
      outlet: '',
      since: '2024',
      until: '',
    });
  });

  it('reads year and month bounds as days', () => {
    expect(boundDay('2024', false)).toBe('2024-01-01');
    expect(boundDay('2024', true)).toBe('2024-12-31');
    expect(boundDay('2024-02', true)).toBe('2024-02-29');
    expect(boundDay('2023-02', true)).toBe('2023-02-28');
    expect(boundDay('2024-02', false)).toBe('2024-02-01');
    expect(boundDay('2024-02-10', true)).toBe('2024-02-10');
    expect(inRange('2024-03-31', { since: '2024-03', until: '2024-03' })).toBe(true);
    expect(inRange('2024-04-01', { since: '2024-03', until: '2024-03' })).toBe(false);
    expect(inRange('2024-02-29', { since: '2024-03', until: '' })).toBe(false);
  });
});
