import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureText } from './reading.ts';

describe('measureText', () => {
  it('counts Chinese by the character, not by spaces', () => {
    const m = measureText('山海深情，跨越万里。');
    assert.equal(m.cjk, 8);
    assert.equal(m.words, 0);
    assert.equal(m.chars, 8);
    assert.equal(m.minutes, 1);
  });

  it('counts Western words and mixed text', () => {
    assert.deepEqual(measureText('AI 大模型 GPT-4 发布'), { chars: 7, cjk: 5, words: 2, minutes: 1 });
    assert.equal(measureText("it's a well-known fact").words, 4);
  });

  it('gives reading time at 400 Chinese characters a minute', () => {
    assert.equal(measureText('字'.repeat(400)).minutes, 1);
    assert.equal(measureText('字'.repeat(401)).minutes, 2);
    assert.equal(measureText('字'.repeat(4000)).minutes, 10);
    assert.equal(measureText('').minutes, 0);
  });
});
