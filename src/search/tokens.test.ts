import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexTokens, queryPlan } from './tokens.ts';

describe('search tokens', () => {
  it('index words, bigrams and characters of Chinese, and Latin words', () => {
    const tokens = indexTokens('援疆骨干 GPT-4 发布').split(' ');
    for (const t of ['援疆', '骨干', '疆骨', '援', '疆', 'gpt', '4', '发布']) assert.ok(tokens.includes(t), t);
  });

  it('plan a query as ANDed groups of alternatives, with no operators left in any token', () => {
    assert.deepEqual(queryPlan('援疆'), [[['援疆']]]);
    const mixed = queryPlan('乌鲁木齐 Heating');
    assert.equal(mixed.length, 2);
    assert.ok(mixed[0]?.some((alt) => alt.join() === '乌鲁,鲁木,木齐'), 'the bigrams are one alternative');
    assert.ok(mixed[0]?.some((alt) => alt.join() === '乌鲁木齐'), 'the dictionary word is another');
    assert.deepEqual(mixed[1], [['heating']]);
    assert.deepEqual(queryPlan('疆'), [[['疆']]]);
    assert.deepEqual(queryPlan('的'), [], 'too common to search alone');
    for (const hostile of ['" OR 1=1 --', 'NEAR(a b)', 'title:x*', '(a AND b) NOT c', "'; drop table articles; --", '\u0000\u202e']) {
      for (const group of queryPlan(hostile)) for (const alt of group) for (const token of alt) assert.match(token, /^[\p{L}\p{N}]+$/u, hostile);
    }
    assert.ok(queryPlan('字'.repeat(10_000)).length <= 16);
  });
});
