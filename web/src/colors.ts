// PLOVER types in two families: conflict in warm colours, cooperation in cool ones. The order
// is the stacking order of the timeline (most intense conflict at the bottom).

export const CONFLICT_TYPES = [
  'ASSAULT',
  'COERCE',
  'MOBILIZE',
  'SANCTION',
  'PROTEST',
  'THREATEN',
  'REJECT',
  'ACCUSE',
] as const;
export const COOPERATION_TYPES = [
  'REQUEST',
  'RETREAT',
  'CONCEDE',
  'CONSULT',
  'SUPPORT',
  'AGREE',
  'COOPERATE',
  'AID',
] as const;
export const EVENT_TYPES: readonly string[] = [...CONFLICT_TYPES, ...COOPERATION_TYPES];
export const MODALITIES = ['asserted', 'reported', 'hypothetical', 'negated', 'future'] as const;

const COLORS: Record<string, string> = {
  ASSAULT: '#7f0000',
  COERCE: '#b30000',
  MOBILIZE: '#d7301f',
  SANCTION: '#ef6548',
  PROTEST: '#f0883e',
  THREATEN: '#fc8d59',
  REJECT: '#e6a23c',
  ACCUSE: '#f3c06b',
  REQUEST: '#a6cee3',
  RETREAT: '#80b1d3',
  CONCEDE: '#67a9cf',
  CONSULT: '#41b6c4',
  SUPPORT: '#3690c0',
  AGREE: '#1d91c0',
  COOPERATE: '#225ea8',
  AID: '#0c2c84',
};

export const CONFLICT_COLOR = '#c8372d';
export const COOPERATION_COLOR = '#2c6fbb';
export const NEUTRAL_COLOR = '#8a8f98';

export const typeColor = (t: string) => COLORS[t] ?? NEUTRAL_COLOR;
export const isConflict = (t: string) => (CONFLICT_TYPES as readonly string[]).includes(t);

/** Colour of a group of events from its conflict and cooperation counts. */
export function familyColor(conflict: number, cooperation: number): string {
  if (conflict === 0 && cooperation === 0) return NEUTRAL_COLOR;
  return conflict >= cooperation ? CONFLICT_COLOR : COOPERATION_COLOR;
}
