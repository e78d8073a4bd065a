// Same-event linking, in memory and in ingest order. A report joins the best-scoring cluster whose
// every member it is compatible with (same type and modality group, overlapping dates, places
// that can be the same, a common source actor), or starts a new one. The store feeds it the
// clusters a new article could join, so incremental clustering and a rebuild that replays the
// articles in the same order end with the same clusters.
import {
  cosine,
  type EventReport,
  type Group,
  overlap,
  PUBLISHED_LAG_DAYS,
  placeFit,
  type QuoteReport,
  SYMMETRIC,
} from './features.js';

/** Tolerance on dates, in days: "overnight" strikes and time zones blur the day. */
export const DATE_SLACK = 1;
/** Undated reports are compared with this many most recent clusters of their type. */
export const UNDATED_WINDOW = 500;
/** A report joins a cluster at this score or above. */
export const LINK_THRESHOLD = 0.5;

export interface Cluster<R> {
  /** Positive: stored; negative: created in this run, not yet stored. */
  id: number;
  key: string;
  members: R[];
  lo: number | null;
  hi: number | null;
}

/** Order of creation: stored clusters by id, then this run's new ones. */
const order = (id: number) => (id > 0 ? id : Number.MAX_SAFE_INTEGER / 2 - id);

const monthOf = (day: number) => {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

interface Timed {
  when: { lo: number | null; hi: number | null };
}

/** Clusters indexed by key and month, with the undated ones kept apart. */
class Index<R extends Timed> {
  readonly byId = new Map<number, Cluster<R>>();
  private months = new Map<string, Set<number>>();
  private undated = new Map<string, Set<number>>();
  private all = new Map<string, Set<number>>();
  private nextTemp = -1;

  has(id: number): boolean {
    return this.byId.has(id);
  }

  put(c: Cluster<R>): void {
    this.byId.set(c.id, c);
    this.register(c);
  }

  create(key: string, first: R): Cluster<R> {
    const c: Cluster<R> = {
      id: this.nextTemp--,
      key,
      members: [first],
      lo: first.when.lo,
      hi: first.when.hi,
    };
    this.put(c);
    return c;
  }

  remove(c: Cluster<R>): void {
    this.unregister(c);
    this.byId.delete(c.id);
  }

  extend(c: Cluster<R>, r: R): void {
    this.unregister(c);
    c.members.push(r);
    if (r.when.lo != null && r.when.hi != null) {
      c.lo = c.lo == null ? r.when.lo : Math.min(c.lo, r.when.lo);
      c.hi = c.hi == null ? r.when.hi : Math.max(c.hi, r.when.hi);
    }
    this.register(c);
  }

  private slots(c: Cluster<R>): [Map<string, Set<number>>, string][] {
    const out: [Map<string, Set<number>>, string][] = [[this.all, c.key]];
    if (c.lo == null || c.hi == null) out.push([this.undated, c.key]);
    else for (let m = monthOf(c.lo); m <= monthOf(c.hi); m++) out.push([this.months, `${c.key}|${m}`]);
    return out;
  }

  private register(c: Cluster<R>): void {
    for (const [map, k] of this.slots(c)) {
      const s = map.get(k) ?? new Set<number>();
      map.set(k, s);
      s.add(c.id);
    }
  }

  private unregister(c: Cluster<R>): void {
    for (const [map, k] of this.slots(c)) map.get(k)?.delete(c.id);
  }

  /** Clusters a report of this key and date could join, in creation order. */
  candidates(key: string, lo: number | null, hi: number | null, slack: number): Cluster<R>[] {
    const ids = new Set<number>();
    const recent = (set: Set<number> | undefined) =>
      [...(set ?? [])].sort((a, b) => order(b) - order(a)).slice(0, UNDATED_WINDOW);
    if (lo == null || hi == null) for (const id of recent(this.all.get(key))) ids.add(id);
    else {
      for (let m = monthOf(lo - slack); m <= monthOf(hi + slack); m++)
        for (const id of this.months.get(`${key}|${m}`) ?? []) ids.add(id);
      for (const id of recent(this.undated.get(key))) ids.add(id);
    }
    return [...ids].sort((a, b) => order(a) - order(b)).map((id) => this.byId.get(id)!);
  }

  clusters(): Cluster<R>[] {
    return [...this.byId.values()].sort((a, b) => order(a.id) - order(b.id));
  }
}

const overlaps = (a: Timed['when'], b: Timed['when'], slack: number) =>
  a.lo == null ||
  a.hi == null ||
  b.lo == null ||
  b.hi == null ||
  (a.lo <= b.hi + slack && b.lo <= a.hi + slack);

const intersects = (a: string[], b: string[]) => a.some((x) => b.includes(x));
const isPerson = (k: string) => k.startsWith('person:') || k.startsWith('new:person:');
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Same source, or a non-state actor and the country it is based in (an attack "from Lebanon"). */
const sidesMeet = (a: EventReport, b: EventReport) =>
  intersects(a.sources, b.sources) || intersects(a.sources, b.bases) || intersects(a.bases, b.sources);

function jaccard(a: string[], b: string[]): number {
  const u = new Set([...a, ...b]);
  if (!u.size) return 0;
  let n = 0;
  for (const x of a) if (b.includes(x)) n++;
  return n / u.size;
}

// ---- events ----

export const eventKey = (type: string, group: Group) => `${type}|${group}`;

/** Can two reports be the same event? Hard constraints only. */
export function eventsCompatible(a: EventReport, b: EventReport): boolean {
  if (a.type !== b.type || a.group !== b.group) return false;
  if (!overlaps(a.when, b.when, DATE_SLACK)) return false;
  // A statement's place is what it is about or where it was made, which reports name differently
  // ("accused Moscow of blockading the Black Sea", "grain Africa depends on"): never a veto.
  if (!a.verbal && placeFit(a.place, b.place) == null) return false;
  if (SYMMETRIC.has(a.type)) {
    const pa = [...a.sources, ...a.targets];
    const pb = [...b.sources, ...b.targets];
    if (pa.length && pb.length && !intersects(pa, pb)) return false;
  } else if (a.sources.length && b.sources.length && !sidesMeet(a, b)) return false;
  // Statements are made by people: two named speakers are two statements, though a named
  // spokesperson and "the Kremlin" can be one.
  if (a.verbal) {
    const pa = a.sourceKeys.filter(isPerson);
    const pb = b.sourceKeys.filter(isPerson);
    if (pa.length && pb.length && !intersects(pa, pb)) return false;
  }
  // Two events of one article are one only when the extractor missed a restatement: same actors,
  // and not one dated to a day and the other only to a month or year (the article told them apart).
  if (a.articleId === b.articleId) {
    const same = (x: EventReport, y: EventReport) =>
      sameSet(x.sources, y.sources) || sameSet(x.sources, y.bases);
    if (!(a.sources.length && (same(a, b) || same(b, a)))) return false;
    const vague = (k: string) => k === 'coarse' || k === 'none';
    if (vague(a.when.kind) !== vague(b.when.kind)) return false;
    if (vague(a.when.kind) && a.date !== b.date) return false;
  }
  return true;
}

function dateFit(a: EventReport, b: EventReport): number {
  const ka = a.when.kind;
  const kb = b.when.kind;
  // Nothing dates one of them: no evidence either way.
  if (ka === 'none' || kb === 'none') return 0.4;
  if (ka === 'day' && kb === 'day') return a.when.lo === b.when.lo ? 1 : 0.7;
  if (ka === 'coarse' && kb === 'coarse')
    return a.when.lo === b.when.lo && a.when.hi === b.when.hi ? 0.7 : 0.3;
  if (ka === 'coarse' || kb === 'coarse') {
    // A day inside the other's month or year.
    const [c, d] = ka === 'coarse' ? [a, b] : [b, a];
    return d.when.lo! >= c.when.lo! && d.when.hi! <= c.when.hi! ? 0.5 : 0.3;
  }
  return 0.6;
}

/** How alike two compatible reports are, 0..1. */
export function eventScore(a: EventReport, b: EventReport): number {
  // A target one report leaves out is no evidence against the other's.
  const targets = a.targets.length && b.targets.length ? jaccard(a.targets, b.targets) : 0.5;
  const actors = SYMMETRIC.has(a.type)
    ? jaccard([...a.sources, ...a.targets], [...b.sources, ...b.targets])
    : 0.6 * jaccard(a.sources, b.sources) + 0.4 * targets;
  const targetClash = a.targets.length && b.targets.length && !intersects(a.targets, b.targets) ? 0.1 : 0;
  const place = placeFit(a.place, b.place) ?? (a.verbal ? 0.3 : 0);
  const text = cosine(a.words, b.words);
  const story = cosine(a.article.signature, b.article.signature);
  return (
    0.2 * actors +
    0.2 * place +
    0.15 * dateFit(a, b) +
    0.2 * Math.min(1, text * 1.5) +
    0.25 * Math.min(1, story * 1.5) -
    targetClash
  );
}

export interface Placement<R> {
  report: R;
  cluster: Cluster<R>;
  created: boolean;
  score: number;
}

export class EventClusterer {
  private index = new Index<EventReport>();

  /** A stored cluster the new reports may join (members in their stored order). */
  load(id: number, members: EventReport[]): void {
    if (this.index.has(id) || !members.length) return;
    const first = members[0]!;
    const c: Cluster<EventReport> = {
      id,
      key: eventKey(first.type, first.group),
      members: [],
      lo: null,
      hi: null,
    };
    this.index.put(c);
    for (const m of members) this.index.extend(c, m);
  }

  private merges = new Map<number, number>();

  add(r: EventReport): Placement<EventReport> {
    const key = eventKey(r.type, r.group);
    const fits: { c: Cluster<EventReport>; s: number }[] = [];
    for (const c of this.index.candidates(key, r.when.lo, r.when.hi, DATE_SLACK + PUBLISHED_LAG_DAYS)) {
      let s = -1;
      let ok = true;
      for (const m of c.members) {
        if (!eventsCompatible(r, m)) {
          ok = false;
          break;
        }
        s = Math.max(s, eventScore(r, m));
      }
      if (ok && s >= LINK_THRESHOLD) fits.push({ c, s });
    }
    if (!fits.length) return { report: r, cluster: this.index.create(key, r), created: true, score: 1 };
    const best = fits.reduce((a, b) => (b.s > a.s ? b : a));
    // A report that belongs to several clusters bridges them: they merge into the oldest, when
    // every member of one is compatible with every member of the other.
    let group = [best.c];
    for (const f of fits) {
      if (f.c === best.c) continue;
      if (group.every((g) => g.members.every((a) => f.c.members.every((b) => eventsCompatible(a, b)))))
        group.push(f.c);
    }
    group = group.sort((a, b) => order(a.id) - order(b.id));
    const target = group[0]!;
    for (const g of group.slice(1)) {
      this.index.remove(g);
      for (const m of g.members) this.index.extend(target, m);
      this.merges.set(g.id, target.id);
    }
    this.index.extend(target, r);
    return { report: r, cluster: target, created: false, score: best.s };
  }

  /** Clusters merged into another in this run: absorbed id → surviving id. */
  merged(): Map<number, number> {
    const out = new Map<number, number>();
    for (const [from] of this.merges) {
      let to = this.merges.get(from)!;
      while (this.merges.has(to)) to = this.merges.get(to)!;
      out.set(from, to);
    }
    return out;
  }

  clusters(): Cluster<EventReport>[] {
    return this.index.clusters();
  }
}

// ---- quotes ----

/** Quotes of one statement may be published some days apart. */
export const QUOTE_DATE_SLACK = 3;
export const QUOTE_THRESHOLD = 0.5;
/** Without dates to compare, a quote must match more closely. */
export const QUOTE_UNDATED_THRESHOLD = 0.7;
export const QUOTE_MEAN_THRESHOLD = 0.35;

export function quotesCompatible(a: QuoteReport, b: QuoteReport): boolean {
  if (!overlaps(a.when, b.when, QUOTE_DATE_SLACK)) return false;
  if (a.speakerRef === b.speakerRef) return true;
  // "Russia said" and "Peskov said" can be one statement, and "the Kremlin said" and its
  // spokesperson; two named people, or two different bodies of one state, cannot.
  const speaksFor = (x: QuoteReport, y: QuoteReport) =>
    (x.speakerRef.startsWith('country:') && y.speakerActor === x.speakerActor) ||
    y.speaksFor.includes(x.speakerRef);
  return speaksFor(a, b) || speaksFor(b, a);
}

/** Fewest content words two renderings of one statement share. */
export const QUOTE_MIN_SHARED = 3;

export function quoteScore(a: QuoteReport, b: QuoteReport): number {
  // One statement quoted twice gives the same figures.
  if (a.numbers.size && b.numbers.size && ![...a.numbers].some((n) => b.numbers.has(n))) return 0;
  let shared = 0;
  for (const w of a.words) if (b.words.has(w)) shared++;
  if (shared < Math.min(QUOTE_MIN_SHARED, a.words.size, b.words.size) || shared === 0) return 0;
  return overlap(a.words, b.words);
}

export class QuoteClusterer {
  private index = new Index<QuoteReport>();

  load(id: number, members: QuoteReport[]): void {
    if (this.index.has(id) || !members.length) return;
    const c: Cluster<QuoteReport> = { id, key: 'quote', members: [], lo: null, hi: null };
    this.index.put(c);
    for (const m of members) this.index.extend(c, m);
  }

  add(r: QuoteReport): Placement<QuoteReport> {
    let best: Cluster<QuoteReport> | null = null;
    let bestScore = -1;
    for (const c of this.index.candidates(
      'quote',
      r.when.lo,
      r.when.hi,
      QUOTE_DATE_SLACK + PUBLISHED_LAG_DAYS,
    )) {
      // Every rendering must be by a compatible speaker, and the quote must read like the
      // cluster as a whole, not like one member only.
      if (!c.members.every((m) => quotesCompatible(r, m))) continue;
      const scores = c.members.map((m) => quoteScore(r, m));
      const s = Math.max(...scores);
      const mean = scores.reduce((x, y) => x + y, 0) / scores.length;
      const undated = r.when.lo == null || c.lo == null;
      if (
        s >= (undated ? QUOTE_UNDATED_THRESHOLD : QUOTE_THRESHOLD) &&
        mean >= QUOTE_MEAN_THRESHOLD &&
        s > bestScore
      ) {
        best = c;
        bestScore = s;
      }
    }
    if (best) {
      this.index.extend(best, r);
      return { report: r, cluster: best, created: false, score: bestScore };
    }
    return { report: r, cluster: this.index.create('quote', r), created: true, score: 1 };
  }

  clusters(): Cluster<QuoteReport>[] {
    return this.index.clusters();
  }
}
