import { describe, expect, it } from 'vitest';
import { canonicalUrl, prepare } from '../../src/ingest/article.js';
import { extractHtml } from '../../src/ingest/html.js';
import { article } from '../helpers.js';

describe('prepare', () => {
  it('gives a stable id from the canonical URL, else from the content', () => {
    const a = prepare({
      origin: 't',
      format: 'txt',
      body: article(1),
      url: 'https://www.Example.com/a/?utm_source=x#top',
    })[0]!;
    const b = prepare({ origin: 't', format: 'txt', body: article(1), url: 'https://example.com/a' })[0]!;
    expect(a.id).toBe(b.id);
    expect(a.url).toBe('https://example.com/a');
    const c = prepare({ origin: 't', format: 'txt', body: article(1) })[0]!;
    expect(c.id).toMatch(/^c[0-9a-f]{16}$/);
    expect(prepare({ origin: 'u', format: 'txt', body: article(1) })[0]!.id).toBe(c.id);
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
  });

  it('flags a non-English article instead of dropping it', () => {
    const de =
      'Die Bundesregierung hat am Dienstag weitere Flugabwehrsysteme für die Ukraine angekündigt. Der Verteidigungsminister sagte, die Lieferung solle noch vor dem Winter erfolgen.';
    const [a] = prepare({ origin: 't', format: 'txt', body: de });
    expect(a!.language).toBe('de');
    expect(a!.skipReason).toMatch(/not English \(de\)/);
    expect(prepare({ origin: 't', format: 'txt', body: article(2) })[0]!.skipReason).toBeNull();
  });

  it('takes the published date from the text when no field gives it', () => {
    const [a] = prepare({ origin: 't', format: 'txt', body: `Published 3 March 2023\n${article(1)}` });
    expect(a!.published).toBe('2023-03-03');
    expect(a!.publishedPrecision).toBe('day');
  });
});

describe('HTML', () => {
  it('extracts the article text and metadata, not the page furniture', () => {
    const html = `<!doctype html><html><head><title>Drill ends | Example News</title>
      <meta property="og:site_name" content="Example News">
      <meta property="article:published_time" content="2023-04-05T10:00:00Z">
      <link rel="canonical" href="https://news.example/drill"></head>
      <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <div class="cookie">We use cookies to improve your experience.</div>
      <article><h1>Drill ends near Tartu</h1>
      ${article(4)
        .split('\n')
        .map((l) => `<p>${l}</p>`)
        .join('')}
      <p>Second paragraph with <strong>bold</strong> text and a <a href="#">link</a> inside it, long enough to count as prose.</p></article>
      <footer>© 2023 Example News. All rights reserved.</footer><script>alert('x')</script></body></html>`;
    const h = extractHtml(html);
    expect(h.url).toBe('https://news.example/drill');
    expect(h.published).toBe('2023-04-05T10:00:00Z');
    expect(h.source).toBe('Example News');
    expect(h.text).toContain('Observers from');
    expect(h.text).toContain('with bold text and a link inside it');
    expect(h.text).not.toContain('alert');
    expect(h.text.split('\n').length).toBeGreaterThan(3);
  });

  it('survives hostile HTML: deep nesting, scripts, broken tags', () => {
    const deep = `${'<div>'.repeat(5000)}Troops crossed the river at dawn, officials said.${'</div>'.repeat(5000)}`;
    const hostile = `<html><body><script>while(1){}</script><img src=x onerror=alert(1)><p>Shelling hit the depot overnight, the mayor said.<p><b>unclosed<i>tags ${deep}</body>`;
    const h = extractHtml(hostile);
    expect(h.text).toContain('Shelling hit the depot overnight');
    expect(h.text).not.toContain('while(1)');
  });
});
