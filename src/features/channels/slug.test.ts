import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidSlug } from './channel.ts';
import { slugForName } from './channels.service.ts';

describe('channel slugs', () => {
  it('come from pinyin for Chinese names', () => {
    assert.equal(slugForName('社会'), 'shehui');
    assert.equal(slugForName('地方频道'), 'difangpindao');
    assert.equal(slugForName('AI 科技'), 'ai-keji');
  });

  it('are never empty', () => {
    assert.equal(slugForName('！！！'), 'channel');
    assert.equal(slugForName('2026'), 'channel');
  });

  it('may not take a route the app uses, at the top level', () => {
    assert.equal(isValidSlug('api', true), false);
    assert.equal(isValidSlug('api', false), true);
    assert.equal(isValidSlug('2026-01', true), false);
    assert.equal(isValidSlug('Society', true), false);
    assert.equal(isValidSlug('society', true), true);
  });
});
