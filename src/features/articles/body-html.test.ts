import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyBlocksText, sanitizeBody } from './body-html.ts';

describe('sanitizeBody', () => {
  it('keeps article markup', () => {
    const html = '<p>段落<strong>加粗</strong><em>斜体</em></p><blockquote>引用</blockquote><h2>小标题</h2>';
    assert.equal(sanitizeBody(html), html);
  });

  it('removes scripts, event handlers, styles and frames', () => {
    const out = sanitizeBody(
      '<p onclick="x()">a</p><script>alert(1)</script><style>p{}</style><iframe src="https://e.vil"></iframe><img src="https://x/y.png" onerror="x()">',
    );
    assert.doesNotMatch(out, /script|onclick|onerror|style|iframe|alert/);
    assert.match(out, /<p>a<\/p>/);
  });

  it('drops javascript: and data: links and marks outside links noopener', () => {
    assert.equal(sanitizeBody('<a href="javascript:alert(1)">x</a>'), '<a rel="noopener noreferrer nofollow">x</a>');
    assert.doesNotMatch(sanitizeBody('<img src="data:image/svg+xml;base64,AAAA">'), /data:/);
    assert.equal(sanitizeBody('<a href="https://example.com/">x</a>'), '<a href="https://example.com/" rel="noopener noreferrer nofollow">x</a>');
  });
});

describe('bodyBlocksText', () => {
  it('gives the text of each block with entities decoded', () => {
    assert.deepEqual(bodyBlocksText('<p>甲 &amp; 乙</p>\n<p>丙</p>'), ['甲 & 乙', '丙']);
  });
});
