/**
 * Driving the newsroom over app.inject as a browser would: a cookie jar, the CSRF token
 * read from each page, and the Origin header a browser sends on form posts.
 */
import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db, Role } from '../../src/db/schema.ts';
import type { User } from '../../src/features/users/user.ts';
import { createUser } from '../../src/features/users/users.service.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { TEST_PUBLIC_URL } from './app.ts';

export const PASSWORD = 'correct horse battery';

export type Staff = Record<Role, User>;

/** One user of every role, all with PASSWORD. */
export async function createStaff(db: Db, clock: Clock, prefix = ''): Promise<Staff> {
  const make = (role: Role, name: string) => createUser(db, clock, { email: `${prefix}${role}@masthead.test`, displayName: name, password: PASSWORD, role });
  return {
    reporter: await make('reporter', `${prefix}记者小王`),
    editor: await make('editor', `${prefix}编辑老李`),
    chief_editor: await make('chief_editor', `${prefix}总编辑张`),
    admin: await make('admin', `${prefix}管理员`),
  };
}

export class NewsroomClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly app: FastifyInstance,
    readonly ip = '203.0.113.10',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = cheerio.load(res.body)('input[name="_csrf"]').first().attr('value');
    if (token) this.csrf = token;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers }, remoteAddress: this.ip });
    this.remember(res);
    return res;
  }

  /** A form post with this session's CSRF token (unless the form gives its own). */
  async post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    body.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) {
      if (Array.isArray(v)) {
        body.delete(k);
        for (const item of v) body.append(k, item);
      } else body.set(k, v);
    }
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_PUBLIC_URL, cookie: this.cookieHeader(), ...headers },
      remoteAddress: this.ip,
    });
    this.remember(res);
    return res;
  }

  /** A multipart upload, as the media form and the editor's picker send it. */
  async upload(url: string, file: { name: string; type: string; data: Buffer }, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const boundary = `----masthead${Date.now()}`;
    const head = (name: string, extra = '') => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(`${head('_csrf')}\r\n${this.csrf}\r\n`),
      Buffer.from(`${head('file', `; filename="${file.name}"`)}Content-Type: ${file.type}\r\n\r\n`),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: TEST_PUBLIC_URL, cookie: this.cookieHeader(), accept: 'application/json', ...headers },
      remoteAddress: this.ip,
    });
    this.remember(res);
    return res;
  }

  async signIn(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    const page = await this.get('/newsroom/login');
    assert.equal(page.statusCode, 200, `login page: ${page.statusCode}`);
    const res = await this.post('/newsroom/login', { email, password });
    if (res.statusCode === 303) await this.get('/newsroom');
    return res;
  }
}

export async function signedIn(app: FastifyInstance, user: User, ip?: string): Promise<NewsroomClient> {
  const client = new NewsroomClient(app, ip);
  const res = await client.signIn(user.email);
  assert.equal(res.statusCode, 303, `sign-in of ${user.email}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return client;
}

/** The article id from the Location of a redirect to /newsroom/articles/:id. */
export function articleIdFrom(res: LightMyRequestResponse): number {
  const m = /\/newsroom\/articles\/(\d+)/.exec(String(res.headers.location));
  assert.ok(m, `expected a redirect to an article, got ${res.statusCode} ${String(res.headers.location)} ${res.body.slice(0, 300)}`);
  return Number(m[1]);
}
