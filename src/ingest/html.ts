import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlArticle {
  /** Main text, one block element a line. */
  text: string;
  title: string | null;
  url: string | null;
  published: string | null;
  source: string | null;
}

// Structural elements whose end starts a new line of text.
const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'BLOCKQUOTE',
  'LI',
  'UL',
  'OL',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TR',
  'TABLE',
  'FIGURE',
  'FIGCAPTION',
  'PRE',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'DL',
  'DT',
  'DD',
  'MAIN',
  'BR',
  'HR',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'CANVAS',
  'OBJECT',
  'EMBED',
  'FORM',
  'BUTTON',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Block-aware text of a DOM subtree: Readability's textContent would run paragraphs together. */
function blockText(root: DomNode): string {
  const out: string[] = [];
  const walk = (n: DomNode, depth: number) => {
    if (depth > 200) return; // hostile nesting: stop descending rather than overflow the stack
    if (n.nodeType === 3) {
      out.push(n.textContent ?? '');
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const name = n.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    const block = BLOCK.has(name);
    if (block) out.push('\n');
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i]!, depth + 1);
    if (block) out.push('\n');
  };
  walk(root, 0);
  return out
    .join('')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Depth of the deepest element, stopping once past `limit`. */
function depthExceeds(root: DomNode, limit: number): boolean {
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > limit) return true;
    for (let i = 0; i < n.childNodes.length; i++) {
      const c = n.childNodes[i]!;
      if (c.nodeType === 1) stack.push([c, d + 1]);
    }
  }
  return false;
}

// Readability's cost grows steeply with nesting depth; real article pages stay far below this.
const MAX_READABILITY_DEPTH = 120;

type Doc = ReturnType<typeof parseHTML>['document'];

function meta(document: Doc, ...keys: string[]): string | null {
  for (const k of keys) {
    const el = document.querySelector(`meta[property="${k}"], meta[name="${k}"], meta[itemprop="${k}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

/** Main article text and page metadata, with Readability choosing the content block. */
export function extractHtml(html: string): HtmlArticle {
  const { document } = parseHTML(html);
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || null;
  const url = canonical ?? meta(document, 'og:url');
  const published =
    meta(
      document,
      'article:published_time',
      'datePublished',
      'pubdate',
      'publishdate',
      'date',
      'dc.date',
      'DC.date.issued',
    ) ??
    document.querySelector('time[datetime]')?.getAttribute('datetime')?.trim() ??
    null;
  const source = meta(document, 'og:site_name', 'application-name', 'publisher');
  const pageTitle =
    meta(document, 'og:title') ?? document.querySelector('title')?.textContent?.trim() ?? null;
  let text = '';
  let title = pageTitle;
  const hostile = document.body
    ? depthExceeds(document.body as unknown as DomNode, MAX_READABILITY_DEPTH)
    : false;
  try {
    if (hostile) throw new Error('nesting too deep for Readability');
    const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
    if (parsed?.content) {
      const { document: content } = parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`);
      text = blockText(content.body as unknown as DomNode);
      title = parsed.title?.trim() || title;
    }
  } catch {
    text = '';
  }
  if (!text.trim()) {
    // Readability found no article: fall back to the body's text so nothing is lost.
    const { document: again } = parseHTML(html);
    const body = again.body ?? again.documentElement;
    text = body ? blockText(body as unknown as DomNode) : '';
  }
  return { text, title, url, published, source };
}
