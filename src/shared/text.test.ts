import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countChars, escapeHtml, firstSentence, truncate } from './text.ts';

describe('text helpers', () => {
  it('count characters as readers see them, without whitespace', () => {
    assert.equal(countChars('山海深情, 跨越万里。'), 10);
    assert.equal(countChars('😀 ab'), 3);
  });

  it('truncate by code points and mark the cut', () => {
    assert.equal(truncate('援疆骨干', 10), '援疆骨干');
    assert.equal(truncate('援疆骨干开启光荣征程', 5), '援疆骨干…');
  });

  it('take the first sentence as a title', () => {
    assert.equal(firstSentence('我国生成式人工智能用户规模和普及率快速提升。'), '我国生成式人工智能用户规模和普及率快速提升');
    assert.equal(firstSentence('国家统计局2月28日公布公报。其他内容。'), '国家统计局2月28日公布公报');
    assert.equal([...firstSentence('很'.repeat(100))].length, 40);
  });

  it('escape the five HTML specials', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
