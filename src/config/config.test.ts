import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults that serve a demo on SQLite', () => {
    const c = loadConfig({}, '/srv/masthead');
    assert.equal(c.port, 3000);
    assert.equal(c.publicUrl, 'http://localhost:3000');
    assert.deepEqual(c.database, { dialect: 'sqlite', file: '/srv/masthead/data/masthead.sqlite' });
    assert.equal(c.site.locale, 'zh-CN');
    assert.equal(c.site.timeZone, 'Asia/Shanghai');
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.site));
  });

  it('reads PostgreSQL from DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/news', PG_POOL_SIZE: '4' });
    assert.deepEqual(c.database, { dialect: 'postgres', url: 'postgres://u@db:5432/news', poolSize: 4 });
  });

  it('lists every problem at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', SITE_LOCALE: 'fr', SITE_TIME_ZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 4);
        assert.match(e.message, /PORT: must be a whole number/);
        assert.match(e.message, /SITE_LOCALE: must be one of zh-CN, en/);
        assert.match(e.message, /SITE_TIME_ZONE: unknown time zone "Mars\/Olympus"/);
        assert.match(e.message, /DATABASE_URL: must start with/);
        return true;
      },
    );
  });
});
