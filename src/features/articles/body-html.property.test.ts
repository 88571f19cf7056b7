import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { bodyBlocksText, sanitizeBody } from './body-html.ts';

/** The allowlist as the promise states it, written out again so the test does not trust the code. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  p: [], h2: [], h3: [], h4: [], strong: [], em: [], b: [], i: [], blockquote: [], ul: [], ol: [], li: [], br: [], figcaption: [],
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  figure: ['data-media-id'],
  small: ['class'],
};
const URL_SCHEMES: Readonly<Record<string, readonly string[]>> = { href: ['http:', 'https:', 'mailto:'], src: ['http:', 'https:'] };
const BASE = 'https://masthead.test/a/b';

// ---- hostile HTML ----

const hostileTags = ['script', 'iframe', 'svg', 'math', 'style', 'object', 'embed', 'noscript', 'textarea', 'title', 'xmp', 'template', 'form', 'input', 'button', 'base', 'meta', 'link', 'frame', 'frameset', 'plaintext', 'noembed', 'select', 'option', 'table', 'td', 'mglyph', 'malignmark', 'annotation-xml', 'foreignObject', 'desc', 'use', 'animate', 'set', 'video', 'audio', 'source', 'details', 'marquee', 'isindex', 'image', 'div', 'span', 'font'];
const allowedTags = Object.keys(ALLOWED);

const mixedCase = (s: string) => fc.mixedCase(fc.constant(s));

/** Characters browsers drop from a URL (tabs and newlines anywhere, controls and spaces at the ends), others they keep, and encodings of both. */
const junk = fc.constantFrom(' ', '\t', '\n', '\r', '\f', '\x00', '\x01', '\x08', '\x0b', '\x1f', '\u00a0', '&#9;', '&#x0A;', '&Tab;', '&NewLine;', '&#0;', '&#x20;', '&#32', '%09', '\\');

function entityEncode(c: string, how: number): string {
  const code = c.codePointAt(0) ?? 0;
  return [`&#${code};`, `&#x${code.toString(16)};`, `&#00${code}`, `&#X${code.toString(16).toUpperCase()}`][how] ?? c;
}

/** One letter of a scheme: mostly as is, else in the other case, entity-encoded, or after junk. */
const schemeLetter = (c: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(c) },
    fc.constant(c.toUpperCase()),
    fc.nat({ max: 3 }).map((how) => entityEncode(c, how)),
    junk.map((j) => j + c),
  );

/** A scheme written with random case, entities and junk between its letters. */
const obfuscatedScheme = fc
  .constantFrom('javascript', 'vbscript', 'data', 'livescript', 'file', 'jar', 'ftp', 'http', 'https', 'mailto')
  .chain((scheme) => fc.tuple(...[...scheme].map(schemeLetter)))
  .map((letters) => letters.join(''));

const colon = fc.oneof({ weight: 4, arbitrary: fc.constant(':') }, fc.constantFrom('&colon;', '&#58;', '&#x3a;', '&#x3A', '%3A', '\t:', ':\n'));
const payload = fc.constantFrom('alert(1)', '//example.com/%0Aalert(1)', 'text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'image/png;base64,iVBORw0KGgo=', 'msgbox(1)', 'image/svg+xml,<svg onload=alert(1)>', '');

const hostileUrl = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constant('') }, junk), obfuscatedScheme, colon, payload).map((p) => p.join('')) },
  fc.constantFrom('https://example.com/a?b=1&c=2', 'mailto:a@example.com', '/relative/path', 'relative', '#frag', '?q=1', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'https:evil.example', ''),
  fc.string(),
);

/** Names the tag allows (so a loosened rule shows), and names no tag may carry. */
const attrNameFor = (tag: string) =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(ALLOWED[tag] ?? []), 'href', 'src', 'style', 'class') },
      fc.constantFrom('title', 'alt', 'rel', 'width', 'height', 'data-media-id', 'id', 'name', 'srcset', 'srcdoc', 'formaction', 'action', 'background', 'poster', 'xlink:href', 'xmlns', 'target', 'dynsrc', 'lowsrc'),
      fc.constantFrom('onerror', 'onload', 'onclick', 'onmouseover', 'onfocus', 'onbegin', 'onanimationstart', 'onpointerenter', 'on'),
    )
    .chain(mixedCase);

/** Values suited to the attribute (so a loosened rule shows), and anything else. */
function attrValueFor(name: string): fc.Arbitrary<string> {
  const n = name.toLowerCase();
  const suited =
    n === 'href' || n === 'src' || n.endsWith('src') || n.endsWith('action') || n.endsWith('href') || n === 'background' || n === 'poster'
      ? hostileUrl
      : n === 'class'
        ? fc.constantFrom('credit', 'x', 'credit x', 'x credit', 'CREDIT', ' credit ', 'credit\tsmall')
        : n === 'style'
          ? fc.constantFrom('color:red', 'background:url(javascript:alert(1))', 'width:expression(alert(1))', 'behavior:url(x.htc)')
          : fc.constantFrom('alert(1)', 'javascript:alert(1)', 'x" onerror="alert(1)', "x' onload='alert(1)", '12', '1');
  return fc.oneof({ weight: 3, arbitrary: suited }, fc.string());
}

const attributeFor = (tag: string) =>
  fc
    .tuple(fc.constantFrom(' ', '\n', '/', ' / ', '\t'), attrNameFor(tag), fc.constantFrom('"', "'", '', '`'))
    .chain(([sep, name, q]) => attrValueFor(name).map((value) => ({ sep, name, q, value })))
    .map(({ sep, name, q, value }) => {
      const v = q === '"' ? value.replaceAll('"', '&quot;') : q === "'" ? value.replaceAll("'", '&#39;') : value.replace(/[\s>]/g, '');
      return `${sep}${name}=${q}${v}${q}`;
    });

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('正文段落', 'a & b', '<', '>', '&lt;script&gt;', '"', '  ', '\u3000'));

/** Fragments that confuse tokenisers: comments, CDATA, unclosed and mis-nested tags. */
const oddity = fc.constantFrom(
  '<!-- x -->', '<!-->', '<!--->', '--!>', '<![CDATA[<script>alert(1)</script>]]>', '<?xml x?>', '</', '<', '</p', '<a', '<img', '<script', '</script', '</style>',
  '<!DOCTYPE html>', '<svg><p><style><img src=x onerror=alert(1)>', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">', '<img src=x onerror=alert(1)//', '<svg/onload=alert(1)>', '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">',
);

function element(tags: fc.Arbitrary<string>, inner: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return tags
    .chain((tag) => fc.tuple(mixedCase(tag), fc.array(attributeFor(tag), { maxLength: 4 }), inner, fc.constantFrom('close', 'open', 'self', 'wrong')))
    .map(([tag, attrs, content, end]) => {
      const open = `<${tag}${attrs.join('')}`;
      if (end === 'self') return `${open}/>`;
      if (end === 'open') return `${open}>${content}`;
      if (end === 'wrong') return `${open}>${content}</${tag}x>`;
      return `${open}>${content}</${tag}>`;
    });
}

const anyTag = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...allowedTags) }, fc.constantFrom(...hostileTags));

const hostileHtml: fc.Arbitrary<string> = fc.letrec<{ node: string; nodes: string }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, oddity, { weight: 3, arbitrary: element(anyTag, tie('nodes')) }),
  nodes: fc.array(tie('node'), { maxLength: 4 }).map((parts) => parts.join('')),
})).nodes;

/** One allowed element with attributes: where a loosened attribute or scheme rule would show. */
const allowedElement = element(fc.constantFrom(...allowedTags), text);

// ---- what a parser sees in the output ----

/**
 * Where a browser would go: the WHATWG URL parser drops tabs and newlines anywhere and C0
 * controls and spaces at the ends (the parsers have already decoded entities).
 */
function browserUrl(value: string, base: string | null = BASE): URL | null {
  try {
    return base === null ? new URL(value) : new URL(value, base);
  } catch {
    return null; // a URL the browser cannot parse goes nowhere
  }
}

function problemsIn(nodes: readonly AnyNode[], parser: string): string[] {
  const problems: string[] = [];
  const walk = (node: AnyNode) => {
    if (node.type === 'text') return;
    if (node.type !== 'tag') {
      problems.push(`${parser}: a ${node.type} node`);
      return;
    }
    const tag = node.name.toLowerCase();
    const allowed = ALLOWED[tag];
    if (!allowed) problems.push(`${parser}: element <${node.name}>`);
    for (const [name, value] of Object.entries(node.attribs)) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) problems.push(`${parser}: event handler ${name} on <${tag}>`);
      if (!allowed?.includes(n)) problems.push(`${parser}: attribute ${name} on <${tag}>`);
      if (n === 'class' && value !== 'credit') problems.push(`${parser}: class="${value}"`);
      const schemes = URL_SCHEMES[n];
      const url = schemes ? browserUrl(value) : null;
      if (schemes && url && !schemes.includes(url.protocol)) problems.push(`${parser}: ${n}="${value}" opens ${url.protocol}`);
      // Written without a scheme, it must stay on this site: no //host or /\host.
      if (schemes && url && browserUrl(value, null) === null && url.host !== new URL(BASE).host) problems.push(`${parser}: ${n}="${value}" leaves for ${url.host}`);
    }
    node.children.forEach(walk);
  };
  nodes.forEach(walk);
  return problems;
}

/** Sanitises, then checks the output as htmlparser2 (what sanitize-html parses with) and parse5 via cheerio (what a browser would build) read it. */
function assertSafeOutput(html: string): void {
  const out = sanitizeBody(html);
  const problems = [...problemsIn(parseDocument(out).children, 'htmlparser2'), ...problemsIn(load(out, null, false).root().contents().toArray(), 'parse5')];
  assert.deepEqual(problems, [], `input: ${JSON.stringify(html)}\noutput: ${JSON.stringify(out)}`);
}

const anyInput = fc.oneof(
  { weight: 4, arbitrary: hostileHtml },
  { weight: 2, arbitrary: allowedElement },
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
);

describe('sanitizeBody, for any input', () => {
  it('leaves only allowlisted elements and attributes, no handlers, and only http/https/mailto or relative URLs', () => {
    fc.assert(
      fc.property(anyInput, assertSafeOutput),
      { numRuns: 1000 },
    );
  });

  it('keeps on allowed elements only the attributes and class each allows', () => {
    fc.assert(
      fc.property(allowedElement, assertSafeOutput),
      { numRuns: 3000 },
    );
  });

  it('keeps a link or image URL only when a browser would read it as http, https, mailto (links) or a path on this site', () => {
    const quoted = fc.tuple(hostileUrl, fc.constantFrom('"', "'", '')).map(([url, q]) => (q ? q + url.replaceAll(q, '') + q : url.replace(/[\s>]/g, '')));
    const urlElement = fc.oneof(quoted.map((v) => `<a href=${v}>x</a>`), quoted.map((v) => `<img src=${v} alt="">`), quoted.map((v) => `<p><a title="t" HREF=${v} rel=x>x</a></p>`));
    fc.assert(
      fc.property(urlElement, assertSafeOutput),
      { numRuns: 1500 },
    );
  });

  it('is idempotent: a stored body sanitises to itself', () => {
    fc.assert(
      fc.property(anyInput, (html) => {
        const once = sanitizeBody(html);
        assert.equal(sanitizeBody(once), once, `input: ${JSON.stringify(html)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws, nor does bodyBlocksText on what it returns', () => {
    fc.assert(
      fc.property(anyInput, (html) => {
        bodyBlocksText(sanitizeBody(html));
      }),
    );
  });

  it('keeps the text of plain text exactly, escaped', () => {
    // Any text a browser shows as text: no '<', but entities, spaces of every kind and any script.
    const unit = fc.oneof(
      fc.constantFrom('&', '&amp;', '&lt;', '&#60;', '&gt', '&nbsp;', '&notit;', '>', '"', "'", ' ', '\n', '\r\n', '\t', '\u00a0', '\u3000', '\u200b', '\ufeff', '中文', 'é'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    const plain = fc.string({ unit }).filter((s) => !s.includes('<'));
    fc.assert(
      fc.property(plain, (s) => {
        const out = sanitizeBody(s);
        assert.doesNotMatch(out, /[<>]/);
        assert.equal(load(out, null, false).text(), load(s, null, false).text().trim());
      }),
    );
  });
});
