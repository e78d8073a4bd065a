// The event table and the quote stream: newest first, a page at a time; a row opens the article
// reader on its evidence, an actor's name filters the dashboard to that actor.
import { errorText, getJson, isAbort } from './api.js';
import { typeColor } from './colors.js';
import { h, message } from './dom.js';
import { eventParams, type Filters, quoteParams } from './state.js';
import type { EventItem, Page, QuoteItem } from './types.js';

const PAGE = 50;

export interface ListCallbacks {
  onActor: (key: string) => void;
  onEvent: (e: EventItem) => void;
  onQuote: (q: QuoteItem) => void;
}

function actorLinks(names: string[], keys: string[], onActor: (k: string) => void): (Node | string)[] {
  if (!names.length) return [h('span', { class: 'muted' }, '—')];
  // Keys line up with names when every name has one; otherwise filter by the name itself.
  const aligned = keys.length === names.length;
  const out: (Node | string)[] = [];
  names.forEach((n, i) => {
    if (i) out.push(', ');
    const key = aligned ? keys[i]! : n;
    out.push(
      h(
        'button',
        {
          type: 'button',
          class: 'link actor',
          title: `Show only ${n}`,
          'data-actor': key,
          onclick: (ev: Event) => {
            ev.stopPropagation();
            onActor(key);
          },
        },
        n,
      ),
    );
  });
  return out;
}

export const modalityBadge = (m: string) =>
  h('span', { class: `badge mod-${m}`, title: `Modality: ${m}` }, m);
export const typeChip = (t: string) => h('span', { class: 'type-chip', style: `--c:${typeColor(t)}` }, t);

/** Load one page after another into a list, with a "more" button and messages in words. */
abstract class PagedList<T> {
  readonly el: HTMLElement;
  protected body: HTMLElement;
  protected msg: HTMLElement;
  protected more: HTMLButtonElement;
  protected note: HTMLElement;
  private cursor: string | null = null;
  private filters: Filters | null = null;
  private shown = 0;
  /** Bumped on every new filter, so a late page of the old filters is dropped. */
  private gen = 0;

  constructor(
    el: HTMLElement,
    title: string,
    protected readonly cb: ListCallbacks,
    scroller: HTMLElement,
    body: HTMLElement,
  ) {
    this.el = el;
    this.note = h('span', { class: 'panel-note' });
    this.msg = h('div', { class: 'panel-msg' });
    this.body = body;
    this.more = h(
      'button',
      { type: 'button', class: 'more', hidden: true, onclick: () => void this.next() },
      'Show more',
    );
    el.append(
      h('header', { class: 'panel-head' }, h('h2', {}, title), this.note),
      this.msg,
      scroller,
      this.more,
    );
  }

  protected abstract path: string;
  protected abstract params(f: Filters): Record<string, string>;
  protected abstract row(item: T): HTMLElement;
  protected abstract empty(f: Filters): string;

  async update(f: Filters, signal: AbortSignal): Promise<void> {
    this.filters = f;
    this.cursor = null;
    this.shown = 0;
    this.gen++;
    this.el.setAttribute('aria-busy', 'true');
    await this.load(signal, true);
  }

  private async next(): Promise<void> {
    if (!this.filters || !this.cursor) return;
    this.more.disabled = true;
    await this.load(undefined, false);
    this.more.disabled = false;
  }

  private async load(signal: AbortSignal | undefined, fresh: boolean): Promise<void> {
    const f = this.filters!;
    const gen = this.gen;
    let page: Page<T>;
    try {
      page = await getJson<Page<T>>(
        this.path,
        { ...this.params(f), limit: PAGE, ...(this.cursor ? { cursor: this.cursor } : {}) },
        signal,
      );
    } catch (e) {
      if (isAbort(e) || gen !== this.gen) return;
      this.el.removeAttribute('aria-busy');
      if (fresh) this.body.replaceChildren();
      this.msg.replaceChildren(message(errorText(e), 'error'));
      this.more.hidden = true;
      return;
    }
    if (gen !== this.gen) return;
    this.el.removeAttribute('aria-busy');
    if (fresh) this.body.replaceChildren();
    const target = this.body;
    for (const item of page.items) target.append(this.row(item));
    this.shown += page.items.length;
    this.cursor = page.nextCursor;
    this.more.hidden = !page.nextCursor;
    this.el.dataset.count = String(this.shown);
    this.note.textContent = this.shown
      ? `newest first · ${this.shown}${page.nextCursor ? '+' : ''} shown`
      : '';
    this.msg.replaceChildren(this.shown === 0 ? message(this.empty(f)) : '');
  }
}

export class EventTable extends PagedList<EventItem> {
  protected path = 'events';

  constructor(el: HTMLElement, cb: ListCallbacks) {
    const tbody = h('tbody');
    const th = (t: string, cls?: string) => h('th', { scope: 'col', class: cls }, t);
    const table = h(
      'table',
      { class: 'events' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          th('Date'),
          th('Source'),
          th('Type'),
          th('Target'),
          th('Modality'),
          th('Outlet'),
          th('Evidence', 'col-text'),
        ),
      ),
      tbody,
    );
    super(el, 'Events', cb, h('div', { class: 'scroll' }, table), tbody);
  }

  protected params(f: Filters): Record<string, string> {
    return Object.fromEntries(
      Object.entries(eventParams(f)).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }

  protected empty(): string {
    return 'No events match these filters.';
  }

  protected row(e: EventItem): HTMLElement {
    const open = () => this.cb.onEvent(e);
    const text = e.text.length > 160 ? `${e.text.slice(0, 157)}…` : e.text;
    return h(
      'tr',
      {
        class: 'event-row',
        tabindex: 0,
        'data-id': e.id,
        'data-article': e.articleId,
        title: 'Open the article at this event',
        onclick: open,
        onkeydown: (ev: Event) => {
          if ((ev as KeyboardEvent).key === 'Enter') open();
        },
      },
      h('td', { class: 'nowrap', 'data-label': 'Date' }, e.day ?? '—'),
      h('td', { 'data-label': 'Source' }, ...actorLinks(e.source, e.sourceKeys, this.cb.onActor)),
      h('td', { 'data-label': 'Type' }, typeChip(e.type)),
      h('td', { 'data-label': 'Target' }, ...actorLinks(e.target, e.targetKeys, this.cb.onActor)),
      h('td', { 'data-label': 'Modality' }, modalityBadge(e.modality)),
      h('td', { 'data-label': 'Outlet' }, e.outlet ?? h('span', { class: 'muted' }, 'unknown')),
      h('td', { class: 'col-text', 'data-label': 'Evidence' }, text),
    );
  }
}

export class QuoteStream extends PagedList<QuoteItem> {
  protected path = 'quotes';

  constructor(el: HTMLElement, cb: ListCallbacks) {
    const list = h('ol', { class: 'quotes' });
    super(el, 'Quotes', cb, h('div', { class: 'scroll' }, list), list);
  }

  protected params(f: Filters): Record<string, string> {
    return Object.fromEntries(
      Object.entries(quoteParams(f)).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }

  protected empty(f: Filters): string {
    return f.type.length || f.modality.length
      ? 'No quotes match these filters (quotes have no event type or modality: those filters do not apply).'
      : 'No quotes match these filters.';
  }

  override async update(f: Filters, signal: AbortSignal): Promise<void> {
    await super.update(f, signal);
    if (f.type.length || f.modality.length)
      this.note.textContent = `${this.note.textContent} · type and modality do not apply to quotes`;
  }

  protected row(q: QuoteItem): HTMLElement {
    const open = () => this.cb.onQuote(q);
    const speaker = q.speaker
      ? actorLinks([q.speaker], q.speakerKey ? [q.speakerKey] : [], this.cb.onActor)
      : [h('span', { class: 'muted' }, 'unattributed')];
    const text = q.text.length > 320 ? `${q.text.slice(0, 317)}…` : q.text;
    return h(
      'li',
      {
        class: 'quote',
        tabindex: 0,
        'data-id': q.id,
        'data-article': q.articleId,
        title: 'Open the article at this quote',
        onclick: open,
        onkeydown: (ev: Event) => {
          if ((ev as KeyboardEvent).key === 'Enter') open();
        },
      },
      h(
        'div',
        { class: 'quote-head' },
        h('strong', {}, ...speaker),
        ' ',
        h(
          'span',
          { class: `badge kind-${q.kind}` },
          q.kind === 'direct' ? 'direct quote' : 'reported speech',
        ),
      ),
      h('blockquote', {}, q.kind === 'direct' ? `“${text}”` : text),
      h('div', { class: 'muted small' }, [q.outlet ?? 'unknown outlet', q.day ?? 'undated'].join(' · ')),
    );
  }
}
