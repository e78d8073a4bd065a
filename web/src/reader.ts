// The article reader: the cleaned text with its stand-off layers highlighted (actors, places,
// weapons, dates, quantities, quotes, event sentences), the selected event's evidence or the
// selected quote marked and scrolled into view.
import { errorText, getJson, isAbort } from './api.js';
import { h, message } from './dom.js';
import { modalityBadge, typeChip } from './lists.js';
import type { ReaderState } from './state.js';
import type { Article, Span } from './types.js';

interface Mark {
  start: number;
  end: number;
  layer: Layer;
  title: string;
  event?: number;
  quote?: number;
}

type Layer = 'actor' | 'place' | 'weapon' | 'date' | 'quantity' | 'quote' | 'event' | 'trigger';

const LAYERS: { layer: Layer; label: string }[] = [
  { layer: 'actor', label: 'Actors' },
  { layer: 'place', label: 'Places' },
  { layer: 'weapon', label: 'Weapons' },
  { layer: 'date', label: 'Dates' },
  { layer: 'quantity', label: 'Quantities' },
  { layer: 'quote', label: 'Quotes' },
  { layer: 'event', label: 'Event sentences' },
  { layer: 'trigger', label: 'Event triggers' },
];

function marksOf(a: Article): Mark[] {
  const L = a.layers;
  const out: Mark[] = [];
  const add = (spans: Span[], m: Omit<Mark, 'start' | 'end'>) => {
    for (const [start, end] of spans) if (end > start) out.push({ start, end, ...m });
  };
  for (const x of L.actors)
    add(x.mentions, {
      layer: 'actor',
      title: `Actor: ${x.name} (${x.type.toLowerCase()})${x.roles.length ? ` — ${x.roles.join('; ')}` : ''}`,
    });
  for (const x of L.places)
    add(x.mentions, { layer: 'place', title: `Place: ${x.name}${x.precision ? ` (${x.precision})` : ''}` });
  for (const x of L.weapons)
    add(x.mentions, { layer: 'weapon', title: `Weapon: ${x.name}${x.class ? ` (${x.class})` : ''}` });
  for (const x of L.dates) add([x.span], { layer: 'date', title: `Date: ${x.value}` });
  for (const x of L.quantities) add([x.span], { layer: 'quantity', title: `Quantity: ${x.kind}` });
  for (const x of L.quotes)
    add([x.span], {
      layer: 'quote',
      title: `${x.kind === 'direct' ? 'Quote' : 'Reported speech'}${x.speaker ? ` by ${x.speaker}` : ''}`,
      quote: x.id,
    });
  for (const x of L.events) {
    // The evidence spans include the event's own sentence and any restatement of it.
    const spans = x.evidence.length ? x.evidence : [x.span];
    add(spans, {
      layer: 'event',
      title: `Event ${x.type}: ${x.source.join(', ') || '?'} → ${x.target.join(', ') || '—'} (${x.modality})`,
      event: x.id,
    });
    if (x.trigger) add([x.trigger], { layer: 'trigger', title: `Trigger of ${x.type}`, event: x.id });
  }
  return out;
}

/** Cut the text where any mark starts or ends; each piece carries every mark over it. */
function segments(text: string, marks: Mark[]): { start: number; end: number; marks: Mark[] }[] {
  const cuts = new Set<number>([0, text.length]);
  for (const m of marks) {
    cuts.add(Math.max(0, Math.min(text.length, m.start)));
    cuts.add(Math.max(0, Math.min(text.length, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...marks].sort((a, b) => a.start - b.start);
  const active: Mark[] = [];
  const out: { start: number; end: number; marks: Mark[] }[] = [];
  let k = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    while (k < byStart.length && byStart[k]!.start <= start) active.push(byStart[k++]!);
    for (let j = active.length - 1; j >= 0; j--) if (active[j]!.end <= start) active.splice(j, 1);
    out.push({ start, end, marks: [...active] });
  }
  return out;
}

export class Reader {
  readonly el: HTMLElement;
  private title: HTMLElement;
  private meta: HTMLElement;
  private selInfo: HTMLElement;
  private textEl: HTMLElement;
  private eventsEl: HTMLElement;
  private legend: HTMLElement;
  private article: Article | null = null;
  private ctl: AbortController | null = null;
  private hidden = new Set<Layer>();

  constructor(
    el: HTMLElement,
    private readonly onClose: () => void,
    private readonly onSelect: (hl: string) => void,
  ) {
    this.el = el;
    el.hidden = true;
    el.setAttribute('role', 'dialog');
    el.setAttribute('aria-labelledby', 'reader-title');
    this.title = h('h2', { id: 'reader-title' });
    this.meta = h('p', { class: 'reader-meta' });
    this.selInfo = h('div', { class: 'reader-sel', 'aria-live': 'polite' });
    this.textEl = h('div', { class: 'reader-text', tabindex: 0 });
    this.textEl.addEventListener('click', (ev) => {
      const seg = (ev.target as HTMLElement).closest<HTMLElement>('[data-events],[data-quotes]');
      const id = seg?.dataset.events?.split(',')[0];
      const q = seg?.dataset.quotes?.split(',')[0];
      if (id) this.onSelect(`e${id}`);
      else if (q) this.onSelect(`q${q}`);
    });
    this.eventsEl = h('div', { class: 'reader-events' });
    this.legend = h('div', { class: 'reader-legend', role: 'group', 'aria-label': 'Layers' });
    el.append(
      h(
        'div',
        { class: 'reader-bar' },
        this.title,
        h(
          'button',
          { type: 'button', class: 'close', 'aria-label': 'Close the reader', onclick: () => this.onClose() },
          '×',
        ),
      ),
      h('div', { class: 'reader-body' }, this.meta, this.legend, this.selInfo, this.textEl, this.eventsEl),
    );
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && !this.el.hidden) this.onClose();
    });
  }

  close(): void {
    this.ctl?.abort();
    this.el.hidden = true;
    document.body.classList.remove('reading');
  }

  async open(s: ReaderState): Promise<void> {
    this.el.hidden = false;
    document.body.classList.add('reading');
    if (this.article?.id !== s.article) {
      this.ctl?.abort();
      const ctl = new AbortController();
      this.ctl = ctl;
      this.article = null;
      this.title.textContent = 'Loading the article…';
      this.meta.replaceChildren();
      this.selInfo.replaceChildren();
      this.eventsEl.replaceChildren();
      this.legend.replaceChildren();
      this.textEl.replaceChildren();
      try {
        this.article = await getJson<Article>(`articles/${encodeURIComponent(s.article)}`, {}, ctl.signal);
      } catch (e) {
        if (isAbort(e)) return;
        this.title.textContent = 'Article';
        this.textEl.replaceChildren(message(errorText(e), 'error'));
        return;
      }
      this.renderArticle();
    }
    this.select(s.hl);
  }

  private renderArticle(): void {
    const a = this.article!;
    this.title.textContent = a.title ?? 'Untitled article';
    this.meta.replaceChildren(
      [a.source ?? 'Unknown outlet', a.published ?? 'no date', a.byline].filter(Boolean).join(' · '),
      a.url ? ' · ' : '',
      a.url ? h('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, 'original') : '',
    );
    const marks = marksOf(a);
    const counts = new Map<Layer, number>();
    for (const m of marks) counts.set(m.layer, (counts.get(m.layer) ?? 0) + 1);
    this.legend.replaceChildren(
      ...LAYERS.map(({ layer, label }) => {
        const box = h('input', { type: 'checkbox', checked: !this.hidden.has(layer) });
        box.addEventListener('change', () => {
          if (box.checked) this.hidden.delete(layer);
          else this.hidden.add(layer);
          this.textEl.classList.toggle(`hide-${layer}`, !box.checked);
        });
        return h('label', { class: `key l-${layer}` }, box, ` ${label} (${counts.get(layer) ?? 0})`);
      }),
    );
    for (const { layer } of LAYERS) this.textEl.classList.toggle(`hide-${layer}`, this.hidden.has(layer));

    const frag = document.createDocumentFragment();
    for (const seg of segments(a.text, marks)) {
      const text = a.text.slice(seg.start, seg.end);
      if (!seg.marks.length) {
        frag.append(text);
        continue;
      }
      const layers = [...new Set(seg.marks.map((m) => m.layer))];
      const events = [...new Set(seg.marks.flatMap((m) => (m.event != null ? [m.event] : [])))];
      const quotes = [...new Set(seg.marks.flatMap((m) => (m.quote != null ? [m.quote] : [])))];
      frag.append(
        h(
          'span',
          {
            class: layers.map((l) => `l-${l}`).join(' '),
            title: [...new Set(seg.marks.map((m) => m.title))].join('\n'),
            'data-start': seg.start,
            'data-end': seg.end,
            'data-events': events.join(',') || null,
            'data-quotes': quotes.join(',') || null,
          },
          text,
        ),
      );
    }
    this.textEl.replaceChildren(frag);

    this.eventsEl.replaceChildren(
      a.layers.events.length
        ? h(
            'details',
            { open: true },
            h('summary', {}, `Events in this article (${a.layers.events.length})`),
            h(
              'ul',
              {},
              a.layers.events.map((e) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      'data-event': e.id,
                      onclick: () => this.onSelect(`e${e.id}`),
                    },
                    typeChip(e.type),
                    ` ${e.source.join(', ') || '?'} → ${e.target.join(', ') || '—'} `,
                    modalityBadge(e.modality),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No events were extracted from this article.'),
    );
  }

  private select(hl: string): void {
    const a = this.article;
    if (!a) return;
    for (const el of this.textEl.querySelectorAll('.sel')) el.classList.remove('sel', 'sel-first');
    this.selInfo.replaceChildren();
    const id = Number(hl.slice(1));
    let spans: Span[] = [];
    if (hl.startsWith('e')) {
      const e = a.layers.events.find((x) => x.id === id);
      if (e) {
        spans = e.evidence.length ? e.evidence : [e.span];
        this.selInfo.replaceChildren(
          typeChip(e.type),
          ` ${e.source.join(', ') || '?'} → ${e.target.join(', ') || '—'} `,
          modalityBadge(e.modality),
          e.date ? ` · ${e.date}` : '',
          h('span', { class: 'muted' }, ' · evidence marked in the text'),
        );
      } else if (hl) this.selInfo.replaceChildren(message('That event is not in this article.', 'error'));
    } else if (hl.startsWith('q')) {
      const q = a.layers.quotes.find((x) => x.id === id);
      if (q) {
        spans = [q.span];
        this.selInfo.replaceChildren(
          h('strong', {}, q.speaker ?? 'Unattributed'),
          ` · ${q.kind === 'direct' ? 'direct quote' : 'reported speech'}`,
          h('span', { class: 'muted' }, ' · marked in the text'),
        );
      } else if (hl) this.selInfo.replaceChildren(message('That quote is not in this article.', 'error'));
    }
    if (!spans.length) {
      this.textEl.scrollTop = 0;
      return;
    }
    let first: HTMLElement | null = null;
    for (const el of this.textEl.querySelectorAll<HTMLElement>('span[data-start]')) {
      const s = Number(el.dataset.start);
      const e = Number(el.dataset.end);
      if (spans.some(([a0, a1]) => s >= a0 && e <= a1)) {
        el.classList.add('sel');
        if (!first) {
          first = el;
          el.classList.add('sel-first');
        }
      }
    }
    first?.scrollIntoView({ block: 'center', behavior: 'instant' });
  }
}
