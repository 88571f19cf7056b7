/**
 * Accounts and sessions: first-run setup that locks itself, sign-in without revealing
 * who has an account, throttling that rotating X-Forwarded-For does not dodge, sessions
 * that rotate on sign-in and end on sign-out, password change and disabling, and CSRF.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { createStaff, NewsroomClient, PASSWORD, signedIn, type Staff } from '../../helpers/newsroom.ts';
import { ACCOUNT_RULE, ADDRESS_RULE, lockedUntil, recordFailure } from '../../../src/features/users/throttle.service.ts';
import { createUser } from '../../../src/features/users/users.service.ts';
import { fixedClock } from '../../../src/shared/clock.ts';

const dialects = await testDialects('newsroom accounts');

for (const dialect of dialects) {
  describe(`first-run setup [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('creates the first admin once, then locks itself', async () => {
      const visitor = new NewsroomClient(t.app);
      const login = await visitor.get('/newsroom/login');
      assert.equal(login.statusCode, 303);
      assert.equal(login.headers.location, '/newsroom/setup');
      assert.equal((await visitor.get('/newsroom/setup')).statusCode, 200);
      const weak = await visitor.post('/newsroom/setup', { email: 'chief@masthead.test', displayName: '总编', password: 'short' });
      assert.equal(weak.statusCode, 400);
      const ok = await visitor.post('/newsroom/setup', { email: 'chief@masthead.test', displayName: '总编', password: PASSWORD });
      assert.equal(ok.statusCode, 303);
      assert.equal((await visitor.get('/newsroom')).statusCode, 200, 'signed in after setup');

      const latecomer = new NewsroomClient(t.app, '198.51.100.7');
      const again = await latecomer.get('/newsroom/setup');
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/newsroom/login');
      await latecomer.get('/newsroom/login');
      const forced = await latecomer.post('/newsroom/setup', { email: 'evil@masthead.test', displayName: 'x', password: PASSWORD });
      assert.equal(forced.statusCode, 403);
    });
  });

  describe(`sign-in and sessions [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    before(async () => {
      t = await createTestApp(dialect);
      staff = await createStaff(t.db.database.db, fixedClock('2026-11-30T00:00:00Z'));
    });
    after(() => t.close());

    it('answers a wrong password and an unknown account the same way', async () => {
      const a = new NewsroomClient(t.app, '198.51.100.1');
      const wrong = await a.signIn(staff.editor.email, 'not the password');
      const b = new NewsroomClient(t.app, '198.51.100.2');
      const unknown = await b.signIn('nobody@masthead.test', 'not the password');
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      const message = (body: string) => /nr-alert--error[^>]*>[\s\S]*?<li>([^<]*)</.exec(body)?.[1];
      assert.equal(message(wrong.body), message(unknown.body));
    });

    it('sends signed-out visitors to sign in, then back where they were going', async () => {
      const c = new NewsroomClient(t.app);
      const res = await c.get('/newsroom/articles');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/newsroom/login?next=%2Fnewsroom%2Farticles');
      await c.get('/newsroom/login?next=/newsroom/articles');
      const signIn = await c.post('/newsroom/login', { email: staff.reporter.email, password: PASSWORD, next: '/newsroom/articles' });
      assert.equal(signIn.headers.location, '/newsroom/articles');
      const offsite = new NewsroomClient(t.app);
      await offsite.get('/newsroom/login');
      const evil = await offsite.post('/newsroom/login', { email: staff.reporter.email, password: PASSWORD, next: '//evil.example/' });
      assert.equal(evil.headers.location, '/newsroom');
    });

    it('locks an account after 5 failures, whatever address the attempts claim', async () => {
      const c = new NewsroomClient(t.app, '198.51.100.9');
      for (let i = 0; i < 5; i++) {
        await c.get('/newsroom/login');
        const res = await c.post('/newsroom/login', { email: staff.chief_editor.email, password: `guess ${i}` }, { 'x-forwarded-for': `10.0.0.${i}` });
        assert.equal(res.statusCode, 401);
      }
      await c.get('/newsroom/login');
      const locked = await c.post('/newsroom/login', { email: staff.chief_editor.email, password: PASSWORD }, { 'x-forwarded-for': '10.9.9.9' });
      assert.equal(locked.statusCode, 429, 'the right password is refused while locked');
    });

    it('locks an address after 30 failures across accounts, even with rotating X-Forwarded-For', async () => {
      const c = new NewsroomClient(t.app, '198.51.100.77');
      for (let i = 0; i < 30; i++) {
        await c.get('/newsroom/login');
        await c.post('/newsroom/login', { email: `nobody${i}@masthead.test`, password: 'x' }, { 'x-forwarded-for': `10.1.${i}.1` });
      }
      await c.get('/newsroom/login');
      const res = await c.post('/newsroom/login', { email: staff.admin.email, password: PASSWORD }, { 'x-forwarded-for': '10.200.0.1' });
      assert.equal(res.statusCode, 429);
      const elsewhere = await signedIn(t.app, staff.admin, '198.51.100.78');
      assert.ok(elsewhere.cookies.has('mh_session'), 'another address is not affected');
    });

    it('lets an office behind one address sign in again and again: right passwords take their count back', async () => {
      const ip = '198.51.100.91';
      for (let i = 0; i < ADDRESS_RULE.maxFailures + 5; i++) {
        const client = await signedIn(t.app, staff.editor, ip);
        assert.ok(client.cookies.has('mh_session'), `sign-in ${i + 1} from the shared address`);
      }
    });

    it('checks no more of 20 wrong passwords sent at once than the limit allows, and counts them', async () => {
      const db = t.db.database.db;
      const target = await createUser(db, fixedClock('2026-11-30T00:00:00Z'), { email: 'parallel@masthead.test', displayName: '并发', password: PASSWORD, role: 'reporter' });
      const ip = '198.51.100.90';
      const guessers: NewsroomClient[] = [];
      for (let i = 0; i < 20; i++) {
        const c = new NewsroomClient(t.app, ip);
        await c.get('/newsroom/login');
        guessers.push(c);
      }
      const answers = await Promise.all(guessers.map((c, i) => c.post('/newsroom/login', { email: target.email, password: `guess ${i}` })));
      const refused = answers.filter((r) => r.statusCode === 401).length;
      assert.equal(refused + answers.filter((r) => r.statusCode === 429).length, 20, answers.map((r) => r.statusCode).join(' '));
      const rows = await db.selectFrom('auth_throttle').select(['key', 'failures']).where('key', 'in', [`account:${target.email}`, `address:${ip}`]).orderBy('key').execute();
      console.log(`parallel sign-in [${dialect}]: ${refused} passwords checked (401), the rest refused (429); counted per account and per address: ${rows.map((r) => r.failures).join(', ')}`);
      // Sent together or one by one, no more guesses are checked than the limit allows.
      assert.equal(refused, ACCOUNT_RULE.maxFailures);
      const [account, address] = rows.map((r) => r.failures);
      assert.ok(account !== undefined && account >= ACCOUNT_RULE.maxFailures && account === address, `counted ${account} and ${address}`);
      await guessers[0]!.get('/newsroom/login');
      assert.equal((await guessers[0]!.post('/newsroom/login', { email: target.email, password: PASSWORD })).statusCode, 429, 'the account is locked');
    });

    it('counts failures recorded at the same moment, and starts a new window once the old one is over', async () => {
      const db = t.db.database.db;
      const clock = fixedClock('2026-11-30T00:00:00Z');
      const key = 'account:same-moment@masthead.test';
      await Promise.all(Array.from({ length: 20 }, () => recordFailure(db, clock, key, ACCOUNT_RULE)));
      const row = await db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
      assert.equal(row.failures, 20);
      assert.equal(new Date(row.locked_until ?? 0).toISOString(), new Date(clock.now().getTime() + ACCOUNT_RULE.lockMs).toISOString());
      clock.advance(ACCOUNT_RULE.windowMs + ACCOUNT_RULE.lockMs + 1);
      assert.equal(await lockedUntil(db, clock, key), null, 'the lock has run out');
      await recordFailure(db, clock, key, ACCOUNT_RULE);
      const fresh = await db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
      assert.equal(fresh.failures, 1);
      assert.equal(fresh.locked_until, null);
      assert.equal(new Date(fresh.window_started_at).toISOString(), clock.now().toISOString());
    });

    it('gives a new session id on every sign-in (a planted one is worthless) and ends it on sign-out', async () => {
      const planted = (await signedIn(t.app, staff.editor)).cookies.get('mh_session');
      const c = new NewsroomClient(t.app);
      await c.get('/newsroom/login');
      c.cookies.set('mh_session', planted ?? '');
      assert.equal((await c.post('/newsroom/login', { email: staff.reporter.email, password: PASSWORD })).statusCode, 303);
      const mine = c.cookies.get('mh_session');
      assert.ok(mine && planted && mine !== planted);
      const stale = new NewsroomClient(t.app);
      stale.cookies.set('mh_session', planted);
      assert.equal((await stale.get('/newsroom')).statusCode, 303, 'the planted session no longer works');
      const home = await c.get('/newsroom');
      assert.match(home.body, new RegExp(staff.reporter.displayName));
      assert.equal((await c.post('/newsroom/logout')).statusCode, 303);
      const after = new NewsroomClient(t.app);
      after.cookies.set('mh_session', mine);
      assert.equal((await after.get('/newsroom')).statusCode, 303);
    });

    it('marks the session cookie HttpOnly and SameSite', async () => {
      const c = new NewsroomClient(t.app);
      await c.get('/newsroom/login');
      const res = await c.post('/newsroom/login', { email: staff.editor.email, password: PASSWORD });
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /mh_session=[^;]+;.*HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.match(cookie, /Path=\/newsroom/);
    });

    it('ends a disabled user\'s sessions at once, and a changed password\'s', async () => {
      const admin = await signedIn(t.app, staff.admin);
      const victim = await signedIn(t.app, staff.reporter);
      assert.equal((await victim.get('/newsroom')).statusCode, 200);
      assert.equal((await admin.post(`/newsroom/users/${staff.reporter.id}/disable`)).statusCode, 303);
      assert.equal((await victim.get('/newsroom')).statusCode, 303);
      assert.equal((await new NewsroomClient(t.app, '198.51.100.40').signIn(staff.reporter.email)).statusCode, 401);
      assert.equal((await admin.post(`/newsroom/users/${staff.reporter.id}/enable`)).statusCode, 303);

      const again = await signedIn(t.app, staff.reporter);
      assert.equal((await admin.post(`/newsroom/users/${staff.reporter.id}/password`, { password: 'a brand new password' })).statusCode, 303);
      assert.equal((await again.get('/newsroom')).statusCode, 303);
      assert.equal((await new NewsroomClient(t.app, '198.51.100.41').signIn(staff.reporter.email, 'a brand new password')).statusCode, 303);
    });

    it('lets users change their own password, ending their other sessions', async () => {
      const me = await createUser(t.db.database.db, fixedClock('2026-11-30T00:00:00Z'), { email: 'self@masthead.test', displayName: '自己', password: PASSWORD, role: 'editor' });
      const laptop = await signedIn(t.app, me, '198.51.100.60');
      const phone = await signedIn(t.app, me, '198.51.100.61');
      await laptop.get('/newsroom/account');
      const wrong = await laptop.post('/newsroom/account/password', { current: 'not it', password: 'another long password' });
      assert.equal(wrong.statusCode, 400);
      const ok = await laptop.post('/newsroom/account/password', { current: PASSWORD, password: 'another long password' });
      assert.equal(ok.statusCode, 303);
      assert.equal((await laptop.get('/newsroom')).statusCode, 200, 'this browser stays signed in');
      assert.equal((await phone.get('/newsroom')).statusCode, 303, 'the other session ended');
    });

    it('refuses state changes without the CSRF token or from another origin', async () => {
      const c = await signedIn(t.app, staff.editor);
      const noToken = await c.post('/newsroom/articles', { _csrf: '', title: 'x' });
      assert.equal(noToken.statusCode, 403);
      const foreign = await c.post('/newsroom/articles', { title: 'x' }, { origin: 'https://evil.example' });
      assert.equal(foreign.statusCode, 403);
      const loginCsrf = new NewsroomClient(t.app, '198.51.100.50');
      const res = await loginCsrf.post('/newsroom/login', { _csrf: 'forged', email: staff.editor.email, password: PASSWORD });
      assert.equal(res.statusCode, 403);
    });
  });
}
