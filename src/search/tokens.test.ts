import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightTerms, indexTokens, limitTokens, queryPlan, relaxedPlan } from './tokens.ts';

describe('search tokens', () => {
  it('index words, bigrams and characters of Chinese, and Latin words', () => {
    const tokens = indexTokens('援疆骨干 GPT-4 发布，中的').split(' ');
    for (const t of ['援疆', '骨干', '疆骨', '援', '疆', 'gpt', '4', '发布', '中', '的']) assert.ok(tokens.includes(t), t);
  });

  it('plan a query as ANDed groups of alternatives, with no operators left in any token', () => {
    assert.deepEqual(queryPlan('援疆'), [[['援疆']]]);
    const mixed = queryPlan('乌鲁木齐 Heating');
    assert.equal(mixed.length, 2);
    assert.ok(mixed[0]?.some((alt) => alt.join() === '乌鲁,鲁木,木齐'), 'the bigrams are one alternative');
    assert.ok(mixed[0]?.some((alt) => alt.join() === '乌鲁木齐'), 'the dictionary word is another');
    assert.deepEqual(mixed[1], [['heating']]);
    assert.deepEqual(queryPlan('疆'), [[['疆']]]);
    assert.deepEqual(queryPlan('的'), [[['的']]], 'even the commonest character is a query');
    for (const hostile of ['" OR 1=1 --', 'NEAR(a b)', 'title:x*', '(a AND b) NOT c', "'; drop table articles; --", '\u0000\u202e']) {
      for (const group of queryPlan(hostile)) for (const alt of group) for (const token of alt) assert.match(token, /^[\p{L}\p{N}]+$/u, hostile);
    }
    assert.ok(queryPlan('字'.repeat(10_000)).length <= 16);
  });

  it('relax a many-word query to any of its words of two or more characters, and nothing else', () => {
    assert.deepEqual(relaxedPlan(queryPlan('乌鲁木齐什么时候开始供暖')), [[['乌鲁木齐'], ['什么'], ['时候'], ['开始'], ['供暖']]]);
    assert.deepEqual(relaxedPlan(queryPlan('供暖 heating')), [[['供暖'], ['heating']]]);
    assert.equal(relaxedPlan(queryPlan('援疆')), null, 'one word: nothing to relax');
    assert.equal(relaxedPlan(queryPlan('援疆 疆')), null, 'single characters do not count');
  });

  it('treat full-width letters and digits as their plain forms, in text and in queries', () => {
    const tokens = indexTokens('前三季度ＧＤＰ同比增长５．２％').split(' ');
    for (const t of ['gdp', '5', '2', '增长']) assert.ok(tokens.includes(t), t);
    assert.deepEqual(queryPlan('ＧＤＰ'), [[['gdp']]]);
    assert.deepEqual(queryPlan('１２'), [[['12']]]);
  });

  it('drop the accents of Latin words, so both engines match café and cafe alike', () => {
    assert.deepEqual(indexTokens('Café naïve Ångström').split(' '), ['cafe', 'naive', 'angstrom']);
    assert.deepEqual(queryPlan('CAFÉ'), [[['cafe']]]);
  });

  it('keep Latin words and numbers apart from the Chinese they touch, never cut into bigrams', () => {
    const tokens = indexTokens('新款iPhone发布，登录12306网站').split(' ');
    for (const t of ['iphone', '发布', '12306', '网站']) assert.ok(tokens.includes(t), t);
    for (const t of ['ph', 'on', 'e发', '12', '6网', 'i']) assert.ok(!tokens.includes(t), t);
    assert.deepEqual(queryPlan('AI辅助')[0], [['ai']]);
  });

  it('cope with a very long run of text', () => {
    let seed = 3;
    const text = Array.from({ length: 200_000 }, () => String.fromCharCode(0x4e00 + ((seed = (seed * 48_271) % 2_147_483_647) % 20_000))).join('');
    assert.ok(indexTokens(text).length > 200_000);
  });

  it('limit tokens to a start that fits in the byte budget', () => {
    const tokens = indexTokens('乌鲁木齐启动冬季集中供暖，供热管网完成检修。');
    assert.equal(limitTokens(tokens, 1_000_000), tokens, 'short text is kept whole');
    const cut = limitTokens(tokens, 100);
    assert.ok(cut.length > 0 && cut.length < tokens.length);
    assert.ok(tokens.startsWith(cut), 'a start of the tokens, cut between tokens');
    assert.ok(tokens[cut.length] === ' ');
    assert.equal(limitTokens('援疆 '.repeat(10_000).trim(), 600), '援疆 '.repeat(10_000).trim(), 'repeats beyond 256 cost nothing');
  });

  it('highlight the runs of a query and their words, longest first', () => {
    assert.deepEqual(highlightTerms('寒潮预警 AI'), ['寒潮预警', '寒潮', '预警', 'AI']);
    assert.deepEqual(highlightTerms('援疆'), ['援疆']);
  });
});
