/**
 * The content API under /api/v1, driven by its own OpenAPI document: every documented
 * operation is called with a valid request built from the document and the demo data, and
 * its answer is checked against the documented schema; every constrained parameter is then
 * broken on purpose and must give a JSON 400. Then ETags and 304s, cursor paging, read keys,
 * CORS, and the interactive reference loading nothing from other sites.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as cheerio from 'cheerio';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiKey, revokeKey } from '../../src/features/api-keys/api-keys.service.ts';
import { setArticleTags } from '../../src/features/tags/tags.service.ts';
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const dialects = await testDialects('content API');

const SEED_PATH = '/2026-01/06/c_1.html';
/** A word many demo articles use: searches for it take several pages. */
const SEARCH_WORD = '记者';
const APP_ORIGIN = 'https://app.example.com';
const DOC_ID = 'masthead-openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Operations the document must hold, so the walk can never be silently empty. */
const MINIMUM_OPERATIONS = [
  'GET /api/v1/articles',
  'GET /api/v1/articles/{id}',
  'GET /api/v1/articles/by-path',
  'GET /api/v1/channels',
  'GET /api/v1/topics',
  'GET /api/v1/topics/{slug}',
  'GET /api/v1/search',
  'GET /api/v1/articles/{id}/moods',
  'POST /api/v1/articles/{id}/moods',
];
/** The only operations that answer without a read key: the site's own pages use them. */
const KEYLESS_OPERATIONS = ['GET /api/v1/articles/{id}/moods', 'POST /api/v1/articles/{id}/moods'];

// ---- The OpenAPI document, as far as the walker reads it --------------------------------

interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
  example?: unknown;
}

interface MediaType {
  schema?: JsonSchema;
}

/** Alternatives: any one of them will do; each names the schemes it needs ({} needs none). */
type SecurityRequirements = Array<Record<string, string[]>>;

interface Operation {
  security?: SecurityRequirements;
  parameters?: Parameter[];
  requestBody?: { $ref?: string; required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { $ref?: string; content?: Record<string, MediaType> }>;
}

interface OpenApiDoc {
  openapi: string;
  security?: SecurityRequirements;
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>> & { parameters?: Parameter[] }>;
  components?: Record<string, Record<string, unknown>>;
}

interface WalkOp {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly pointer: string;
  readonly op: Operation;
  readonly params: Parameter[];
  /** Where each parameter sits in the document, to validate values against its schema. */
  readonly paramPointers: Map<Parameter, string>;
}

/** A JSON pointer token (RFC 6901). */
const token = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows a local $ref ("#/components/…") inside the document. */
function deref<T extends { $ref?: string }>(doc: OpenApiDoc, node: T): T {
  let current: T = node;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    assert.ok(hops < 20, `$ref loop at ${current.$ref}`);
    assert.ok(current.$ref.startsWith('#/'), `only local $refs are expected: ${current.$ref}`);
    let at: unknown = doc;
    for (const part of current.$ref.slice(2).split('/')) {
      at = (at as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    assert.ok(at && typeof at === 'object', `unresolved $ref ${current.$ref}`);
    current = at as T;
  }
  return current;
}

function operationsOf(doc: OpenApiDoc): WalkOp[] {
  const ops: WalkOp[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      // Operation parameters override path-level ones with the same name and place.
      const params = new Map<string, [Parameter, string]>();
      const add = (list: Parameter[] | undefined, at: string) =>
        (list ?? []).forEach((raw, i) => {
          const p = deref(doc, raw);
          params.set(`${p.in}:${p.name}`, [p, raw.$ref ?? `${at}/parameters/${i}`]);
        });
      const pointer = `#/paths/${token(path)}/${method}`;
      add(item.parameters, `#/paths/${token(path)}`);
      add(op.parameters, pointer);
      const list = [...params.values()];
      ops.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, pointer, op, params: list.map(([p]) => p), paramPointers: new Map(list) });
    }
  }
  return ops;
}

/** Validates JSON against the document's own schemas, $refs resolved against the whole document. */
class SchemaChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDoc) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(doc as object, DOC_ID);
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.cache.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `${DOC_ID}${pointer}` });
      this.cache.set(pointer, v);
    }
    return v;
  }

  check(pointer: string, value: unknown, label: string): void {
    const v = this.validator(pointer);
    assert.ok(v(value), `${label}: ${this.ajv.errorsText(v.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
  }

  /** The schema of the documented JSON answer for a status, by pointer (or why there is none). */
  responsePointer(w: WalkOp, status: number): string {
    const responses = w.op.responses;
    const code = String(status);
    const key = code in responses ? code : `${code[0]}XX` in responses ? `${code[0]}XX` : 'default' in responses ? 'default' : null;
    assert.ok(key, `${w.key} answered ${status}, which its document does not list (${Object.keys(responses).join(', ')})`);
    const response = deref(this.doc, responses[key]!);
    assert.ok(response.content?.['application/json']?.schema, `${w.key} documents ${key} without an application/json schema`);
    const base = responses[key]!.$ref ? responses[key]!.$ref! : `${w.pointer}/responses/${token(key)}`;
    return `${base}/content/${token('application/json')}/schema`;
  }
}

// ---- Requests built from the document -------------------------------------------------

interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
  payload?: unknown;
}

/** Values that mean something in the demo data, by parameter or body property name. */
type Known = Record<string, string | number>;

type Values = Map<Parameter, string | undefined>;

function buildRequest(w: WalkOp, values: Values, body: unknown, extraHeaders: Record<string, string> = {}): ApiRequest {
  let path = w.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  for (const p of w.params) {
    const v = values.get(p);
    if (v === undefined) continue;
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(v));
    else if (p.in === 'query') query.set(p.name, v);
    else if (p.in === 'header') headers[p.name.toLowerCase()] = v;
    else assert.fail(`${w.key}: cookie parameters are not handled by the walker (${p.name})`);
  }
  assert.ok(!/\{[^}]+\}/.test(path), `${w.key}: a path parameter was left unfilled in ${path}`);
  const qs = query.toString();
  const req: ApiRequest = { method: w.method as ApiRequest['method'], url: qs ? `${path}?${qs}` : path, headers };
  if (body !== undefined) {
    req.payload = body;
    headers['content-type'] = 'application/json';
  }
  return req;
}

/** A valid value for a parameter or body property: demo data first, then what its schema says. */
function validValue(name: string, schema: JsonSchema, known: Known, where: string): string | number | boolean {
  const fromKnown = known[name];
  if (fromKnown !== undefined) return fromKnown;
  if (schema.example !== undefined) return schema.example as string;
  if (schema.examples?.[0] !== undefined) return schema.examples[0] as string;
  if (schema.enum?.[0] !== undefined) return schema.enum[0] as string;
  if (schema.default !== undefined) return schema.default as string;
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'string' && !schema.pattern && !schema.format) return 'test';
  return assert.fail(`${where}: no sensible value for "${name}" — add one from the demo data to the walker's known values`);
}

/** Values that break one documented constraint each (undefined: leave the parameter out). */
function invalidValues(schema: JsonSchema, required: boolean, canOmit: boolean): Array<{ why: string; value: string | undefined }> {
  const out: Array<{ why: string; value: string | undefined }> = [];
  if (required && canOmit) out.push({ why: 'required, left out', value: undefined });
  if (schema.type === 'integer') out.push({ why: 'integer, given text', value: 'abc' }, { why: 'integer, given a fraction', value: '1.5' });
  if (schema.type === 'number') out.push({ why: 'number, given text', value: 'abc' });
  if (schema.type === 'boolean') out.push({ why: 'boolean, given text', value: 'maybe' });
  if (typeof schema.minimum === 'number') out.push({ why: `minimum ${schema.minimum}`, value: String(schema.minimum - 1) });
  if (typeof schema.maximum === 'number') out.push({ why: `maximum ${schema.maximum}`, value: String(schema.maximum + 1) });
  if (typeof schema.maxLength === 'number') out.push({ why: `maxLength ${schema.maxLength}`, value: 'a'.repeat(schema.maxLength + 1) });
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push({ why: `minLength ${schema.minLength}`, value: 'a'.repeat(schema.minLength - 1) });
  if (schema.pattern) {
    const re = new RegExp(schema.pattern, 'u');
    const bad = ['!', ' ', 'A', '-', '0', '中', '$$'].find((c) => !re.test(c));
    assert.ok(bad !== undefined, `no value breaks the pattern ${schema.pattern}`);
    out.push({ why: `pattern ${schema.pattern}`, value: bad });
  }
  if (schema.enum) out.push({ why: 'enum', value: 'not-one-of-them' });
  if (schema.format) out.push({ why: `format ${schema.format}`, value: 'not-a-date-or-uri' });
  return out;
}

function send(t: TestApp, req: ApiRequest, remoteAddress: string): Promise<LightMyRequestResponse> {
  const opts: InjectOptions = { method: req.method, url: req.url, headers: req.headers, remoteAddress };
  if (req.payload !== undefined) opts.payload = req.payload as InjectOptions['payload'];
  return t.app.inject(opts);
}

function isJson(res: LightMyRequestResponse): boolean {
  return /^application\/json\b/.test(String(res.headers['content-type'] ?? ''));
}

function assertErrorBody(res: LightMyRequestResponse, label: string): { code: string; message: string } {
  assert.ok(isJson(res), `${label}: JSON error expected, got ${String(res.headers['content-type'])}: ${res.body.slice(0, 200)}`);
  const body = res.json() as { error?: { code?: unknown; message?: unknown } };
  const { code, message } = body.error ?? {};
  assert.ok(typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code), `${label}: a stable error code, got ${JSON.stringify(body)}`);
  assert.ok(typeof message === 'string' && message.trim().length > 0 && message !== code, `${label}: a human message, got ${JSON.stringify(body)}`);
  return { code, message };
}

const isCursor = (p: Parameter) => p.name === 'after' || /cursor/i.test(`${p.description ?? ''} ${p.schema?.description ?? ''}`);

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

for (const dialect of dialects) {
  describe(`content API [${dialect}]`, () => {
    let t: TestApp;
    let doc: OpenApiDoc;
    let checker: SchemaChecker;
    let ops: WalkOp[];
    let known: Known;
    let seedId: number;
    let calls = 0;
    let voters = 0;

    const call = (req: ApiRequest): Promise<LightMyRequestResponse> => {
      calls++;
      // Each call is a different reader at a different address: votes are never refused as repeats.
      voters++;
      return send(t, req, `198.51.100.${voters % 250}`);
    };

    before(async () => {
      t = await createTestApp(dialect, { demo: true, env: { API_CORS_ORIGINS: APP_ORIGIN } });
      const res = await t.app.inject({ url: '/api/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      assert.ok(isJson(res));
      doc = res.json() as OpenApiDoc;
      checker = new SchemaChecker(doc);
      ops = operationsOf(doc);

      const db = t.db.database.db;
      seedId = Number(/c_(\d+)\.html$/.exec(SEED_PATH)![1]);
      // The demo tags nothing: tag a few articles, as an editor would.
      const tagged = await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').limit(3).execute();
      assert.ok(tagged.some((a) => a.id === seedId), 'the seed article is published');
      for (const a of tagged) await setArticleTags(db, t.clock, a.id, ['援疆', '人才']);
      const tag = await db
        .selectFrom('tags')
        .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
        .innerJoin('articles', 'articles.id', 'article_tags.article_id')
        .select('tags.slug')
        .where('articles.status', '=', 'published')
        .orderBy('tags.id')
        .executeTakeFirstOrThrow();
      const moods = (await t.app.inject({ url: `/api/v1/articles/${seedId}/moods` })).json() as { moods: Array<{ key: string }> };
      assert.ok(moods.moods[0], 'the demo has moods');
      known = {
        id: seedId,
        slug: 'yuanjiang',
        channel: 'local/society',
        topic: 'yuanjiang',
        tag: tag.slug,
        path: SEED_PATH,
        q: SEARCH_WORD,
        from: '2026-01-01',
        to: '2026-12-31',
        limit: 5,
        mood: moods.moods[0].key,
      };
    });
    after(() => t.close());

    /** Required parameters only, filled with real values. */
    const requiredValues = (w: WalkOp): Values => {
      const values: Values = new Map();
      for (const p of w.params) if (p.required || p.in === 'path') values.set(p, String(validValue(p.name, p.schema ?? {}, known, w.key)));
      return values;
    };

    /** A valid body from the documented request body schema (application/json). */
    const validBody = (w: WalkOp): Record<string, unknown> | undefined => {
      if (!w.op.requestBody) return undefined;
      const rb = deref(doc, w.op.requestBody);
      const media = rb.content['application/json'];
      assert.ok(media?.schema, `${w.key}: its request body has no application/json schema`);
      const schema = deref(doc, media.schema);
      assert.equal(schema.type, 'object', `${w.key}: the walker builds object bodies`);
      const body: Record<string, unknown> = {};
      for (const name of schema.required ?? []) body[name] = validValue(name, deref(doc, schema.properties?.[name] ?? {}), known, `${w.key} body`);
      return body;
    };

    it('documents OpenAPI 3 with every operation under /api/v1, and at least the known ones', () => {
      assert.match(doc.openapi, /^3\.\d+\.\d+$/);
      assert.ok(ops.length > 0, 'the document lists operations');
      for (const w of ops) assert.ok(w.path.startsWith('/api/v1/'), `${w.key} is outside /api/v1`);
      const keys = new Set(ops.map((w) => w.key));
      for (const k of MINIMUM_OPERATIONS) assert.ok(keys.has(k), `the document lists ${k}`);
    });

    it('answers every documented operation, valid and invalid, as documented', async () => {
      const callsBefore = calls;
      let valid = 0;
      let invalid = 0;

      const expectDocumented = async (w: WalkOp, req: ApiRequest, label: string) => {
        const res = await call(req);
        assert.ok(res.statusCode < 500, `${label}: ${req.method} ${req.url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        const pointer = checker.responsePointer(w, res.statusCode);
        assert.ok(isJson(res), `${label}: JSON expected, got ${String(res.headers['content-type'])}`);
        checker.check(pointer, res.json(), `${label}: ${req.method} ${req.url} → ${res.statusCode}`);
        return res;
      };

      for (const w of ops) {
        const body = validBody(w);
        // The payloads the walker builds must themselves satisfy the document.
        if (body !== undefined) checker.check(`${w.pointer}/requestBody/content/${token('application/json')}/schema`, body, `${w.key}: walker's own body`);
        for (const p of w.params) if (p.schema && !isCursor(p)) checker.check(`${w.paramPointers.get(p)!}/schema`, coerce(validValue(p.name, p.schema, known, w.key), p.schema), `${w.key}: walker's own ${p.name}`);

        // 1. Only what is required.
        const base = requiredValues(w);
        const first = await expectDocumented(w, buildRequest(w, base, body), `${w.key} (required only)`);
        assert.equal(first.statusCode, 200, `${w.key}: a valid request built from real data answers 200: ${first.body.slice(0, 300)}`);
        valid++;
        if (w.method === 'GET') assert.ok(first.headers['cache-control'], `${w.key}: Cache-Control on GET`);

        // 2. Each optional parameter on its own, then all of them together.
        const cursorOf = async (): Promise<string> => {
          const firstNext = (first.json() as { next?: unknown }).next;
          if (typeof firstNext === 'string') return firstNext;
          const limitParam = w.params.find((p) => p.name === 'limit');
          assert.ok(limitParam, `${w.key}: a cursor parameter but no way to get a next page`);
          const small = new Map(base).set(limitParam, '1');
          const res = await call(buildRequest(w, small, body));
          const next = (res.json() as { next?: unknown }).next;
          assert.equal(typeof next, 'string', `${w.key}: one item per page gives a next cursor`);
          return next as string;
        };
        const all: Values = new Map(base);
        for (const p of w.params.filter((x) => !x.required && x.in !== 'path')) {
          const value = isCursor(p) ? await cursorOf() : String(validValue(p.name, p.schema ?? {}, known, w.key));
          if (isCursor(p)) checker.check(`${w.paramPointers.get(p)!}/schema`, value, `${w.key}: the API's own cursor fits its parameter`);
          all.set(p, value);
          const res = await expectDocumented(w, buildRequest(w, new Map(base).set(p, value), body), `${w.key} with ${p.name}=${value}`);
          assert.equal(res.statusCode, 200, `${w.key} with ${p.name}=${value}: ${res.body.slice(0, 300)}`);
          valid++;
        }
        if (all.size > base.size) {
          await expectDocumented(w, buildRequest(w, all, body), `${w.key} with every parameter`);
          valid++;
        }

        // 3. Every constraint broken, one at a time: a JSON 400 as documented.
        const expect400 = async (req: ApiRequest, label: string) => {
          const res = await call(req);
          invalid++;
          assert.equal(res.statusCode, 400, `${label}: ${req.method} ${req.url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
          const { code } = assertErrorBody(res, label);
          assert.ok(['VALIDATION_FAILED', 'INVALID_CURSOR'].includes(code), `${label}: code ${code}`);
          checker.check(checker.responsePointer(w, 400), res.json(), label);
        };
        for (const p of w.params) {
          for (const bad of invalidValues(p.schema ?? {}, Boolean(p.required), p.in !== 'path')) {
            if (p.in === 'path' && bad.value === '') continue; // an empty segment is another route
            await expect400(buildRequest(w, new Map(base).set(p, bad.value), body), `${w.key} ${p.in} ${p.name}: ${bad.why}`);
          }
        }
        if (body !== undefined) {
          const schema = deref(doc, deref(doc, w.op.requestBody!).content['application/json']!.schema!);
          if (w.op.requestBody?.required) await expect400(buildRequest(w, base, undefined), `${w.key} body: required, left out`);
          for (const [name, raw] of Object.entries(schema.properties ?? {})) {
            const prop = deref(doc, raw);
            const required = (schema.required ?? []).includes(name);
            for (const bad of invalidValues(prop, required, true)) {
              const broken: Record<string, unknown> = { ...body };
              if (bad.value === undefined) delete broken[name];
              else broken[name] = prop.type === 'integer' || prop.type === 'number' ? (Number.isNaN(Number(bad.value)) ? bad.value : Number(bad.value)) : bad.value;
              await expect400(buildRequest(w, base, broken), `${w.key} body ${name}: ${bad.why}`);
            }
            if (prop.type === 'string') await expect400(buildRequest(w, base, { ...body, [name]: { not: 'a string' } }), `${w.key} body ${name}: string, given an object`);
          }
        }
      }

      // Not found, as JSON, both for a route and for an article.
      const unknownRoute = await call({ method: 'GET', url: '/api/v1/no-such-endpoint', headers: { accept: 'application/json' } });
      assert.equal(unknownRoute.statusCode, 404);
      assert.equal(assertErrorBody(unknownRoute, 'unknown route').code, 'NOT_FOUND');
      const unknownPost = await call({ method: 'POST', url: '/api/v1/articles', headers: { 'content-type': 'application/json' }, payload: {} });
      assert.equal(unknownPost.statusCode, 404, 'no POST on the article list');
      assertErrorBody(unknownPost, 'unknown method');
      const maxId = await t.db.database.db.selectFrom('articles').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
      const missing = Number(maxId.id) + 1000;
      const articleOp = ops.find((w) => w.key === 'GET /api/v1/articles/{id}')!;
      for (const url of [`/api/v1/articles/${missing}`, `/api/v1/articles/by-path?path=${encodeURIComponent(`/2026-01/06/c_${missing}.html`)}`, `/api/v1/articles/${missing}/moods`]) {
        const res = await call({ method: 'GET', url, headers: { accept: 'application/json' } });
        assert.equal(res.statusCode, 404, url);
        assert.equal(assertErrorBody(res, url).code, 'ARTICLE_NOT_FOUND');
        checker.check(checker.responsePointer(articleOp, 404), res.json(), url);
      }

      console.log(`content API walk [${dialect}]: ${ops.length} operations, ${calls - callsBefore} calls (${valid} valid, ${invalid} invalid)`);
      assert.ok(invalid > 0 && valid >= ops.length);
    });

    it("finds an article by its own path only: another date answers 404, naming the article's path", async () => {
      const op = ops.find((w) => w.key === 'GET /api/v1/articles/by-path');
      assert.ok(op);
      const byPath = (path: string) => call({ method: 'GET', url: `/api/v1/articles/by-path?path=${encodeURIComponent(path)}`, headers: { accept: 'application/json' } });
      const own = await byPath(SEED_PATH);
      assert.equal(own.statusCode, 200);
      assert.equal((own.json() as { url: string }).url, `${TEST_PUBLIC_URL}${SEED_PATH}`);
      for (const wrong of ['/1999-01/01/c_1.html', '/2026-01/07/c_1.html', '/2026-02/06/c_1.html']) {
        // The reader site sends a browser on to the article's own URL…
        const page = await t.app.inject({ url: wrong });
        assert.equal(page.statusCode, 301, wrong);
        assert.equal(page.headers.location, SEED_PATH);
        // …and the API tells its client where that is, without answering for the wrong path.
        const res = await byPath(wrong);
        assert.equal(res.statusCode, 404, wrong);
        assert.equal(assertErrorBody(res, wrong).code, 'ARTICLE_NOT_FOUND');
        assert.ok((res.json() as { error: { detail?: string } }).error.detail?.endsWith(`at ${SEED_PATH}`), res.body);
        checker.check(checker.responsePointer(op, 404), res.json(), wrong);
      }
    });

    it('answers an unchanged GET with 304 and no body, and sends Cache-Control', async () => {
      for (const url of [`/api/v1/articles/${seedId}`, '/api/v1/articles?limit=3', '/api/v1/channels']) {
        const first = await call({ method: 'GET', url, headers: {} });
        assert.equal(first.statusCode, 200, url);
        const etag = first.headers.etag as string | undefined;
        assert.match(etag ?? '', /^"[^"]+"$/, `${url}: a strong ETag`);
        assert.match(String(first.headers['cache-control']), /max-age=\d+/, `${url}: Cache-Control`);

        const again = await call({ method: 'GET', url, headers: { 'if-none-match': etag! } });
        assert.equal(again.statusCode, 304, url);
        assert.equal(again.body, '', `${url}: a 304 has no body`);
        assert.equal(again.headers.etag, etag);
        assert.ok(again.headers['cache-control'], `${url}: Cache-Control on the 304 too`);

        // If-None-Match compares weakly and takes a list (RFC 9110 §13.1.2).
        for (const header of [`W/${etag}`, `"something-else", ${etag}`, '*']) {
          const res = await call({ method: 'GET', url, headers: { 'if-none-match': header } });
          assert.equal(res.statusCode, 304, `${url} with If-None-Match: ${header}`);
        }
        const stale = await call({ method: 'GET', url, headers: { 'if-none-match': '"not-the-current-one"' } });
        assert.equal(stale.statusCode, 200, `${url}: another ETag gets the body`);
        assert.equal(stale.body, first.body);

        // Compressed answers keep the same validator, and still 304.
        const zipped = await call({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
        assert.equal(zipped.headers.etag, etag, `${url}: compression keeps the ETag`);
        const zipped304 = await call({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br', 'if-none-match': etag! } });
        assert.equal(zipped304.statusCode, 304);
        assert.equal(zipped304.rawPayload.length, 0);

        const head = await call({ method: 'HEAD', url, headers: {} });
        assert.equal(head.statusCode, 200);
        assert.equal(head.headers.etag, etag, `${url}: HEAD carries the same ETag`);
      }
      // Votes change the counts: the mood answer is never stored by caches.
      const moods = await call({ method: 'GET', url: `/api/v1/articles/${seedId}/moods`, headers: {} });
      assert.match(String(moods.headers['cache-control']), /no-store/);
    });

    it('pages through the article list by cursor with no repeats or gaps, and refuses a bad cursor', async () => {
      type Item = { id: number; publishedAt: string; channel: { path: string } };
      const walk = async (query: string, limit: number) => {
        const items: Item[] = [];
        let next: string | null = null;
        let pages = 0;
        do {
          const url: string = `/api/v1/articles?${query}&limit=${limit}${next ? `&after=${next}` : ''}`;
          const res = await call({ method: 'GET', url, headers: {} });
          assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
          const page = res.json() as { items: Item[]; next: string | null };
          assert.ok(page.items.length <= limit, `${url}: at most ${limit} items`);
          if (page.next) assert.equal(page.items.length, limit, 'only a full page has a next cursor');
          items.push(...page.items);
          next = page.next;
          assert.ok(++pages < 500, 'the walk ends');
        } while (next);
        return { items, pages };
      };

      const { items, pages } = await walk('', 7);
      const ids = items.map((i) => i.id);
      assert.equal(new Set(ids).size, ids.length, 'no article twice');
      assert.ok(pages > 3, `several pages (${pages})`);
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [items[i - 1]!, items[i]!];
        assert.ok(a.publishedAt > b.publishedAt || (a.publishedAt === b.publishedAt && a.id > b.id), `newest first at ${i}`);
      }
      const published = await t.db.database.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'published')
        .where('published_at', 'is not', null)
        .executeTakeFirstOrThrow();
      assert.equal(items.length, Number(published.n), 'every published article, none missing');
      assert.deepEqual((await walk('', 100)).items.map((i) => i.id), ids, 'page size does not change the sequence');

      const local = await walk('channel=local', 4);
      assert.ok(local.items.length > 4, `several pages in local (${local.items.length} items)`);
      assert.equal(new Set(local.items.map((i) => i.id)).size, local.items.length);
      for (const i of local.items) assert.match(i.channel.path, /^local(\/|$)/);
      assert.deepEqual(local.items.map((i) => i.id), ids.filter((id) => local.items.some((i) => i.id === id)), 'the channel walk is the full walk, filtered');

      // Search pages too: the same hits in the same order as one long page.
      const searchWalk = async (limit: number) => {
        const hits: number[] = [];
        let next: string | null = null;
        do {
          const res = await call({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(SEARCH_WORD)}&limit=${limit}${next ? `&after=${next}` : ''}`, headers: {} });
          assert.equal(res.statusCode, 200, res.body);
          const page = res.json() as { items: Array<{ id: number }>; next: string | null };
          hits.push(...page.items.map((h) => h.id));
          next = page.next;
          assert.ok(hits.length < 1000, 'the search walk ends');
        } while (next);
        return hits;
      };
      const hits = await searchWalk(4);
      assert.ok(hits.length > 8, `several pages of search hits (${hits.length})`);
      assert.equal(new Set(hits).size, hits.length, 'no search hit twice');
      assert.deepEqual(hits, await searchWalk(100), 'no search hit missing');

      const badCursors: Array<[string, string]> = [
        ['/api/v1/articles?after=bogus', 'INVALID_CURSOR'],
        ['/api/v1/articles?after=!!', 'VALIDATION_FAILED'],
        [`/api/v1/articles?after=${b64('2026-01-06T00:00:00.000Z|abc')}`, 'INVALID_CURSOR'],
        // Look like times but are not real ones: PostgreSQL would refuse them (once a 500).
        [`/api/v1/articles?after=${b64('2026-02-31T00:00:00.000Z|5')}`, 'INVALID_CURSOR'],
        [`/api/v1/search?q=a&after=${b64(JSON.stringify([1, 'Tue Jan 1', 5]))}`, 'INVALID_CURSOR'],
        [`/api/v1/search?q=a&after=${b64(JSON.stringify([1, '2026', 5]))}`, 'INVALID_CURSOR'],
        [`/api/v1/search?q=a&after=${b64(JSON.stringify([1, '+275760-09-13T00:00:00.000Z', 5]))}`, 'INVALID_CURSOR'],
        [`/api/v1/search?q=a&after=${b64('[1,2]')}`, 'INVALID_CURSOR'],
      ];
      for (const [url, code] of badCursors) {
        const res = await call({ method: 'GET', url, headers: {} });
        assert.equal(res.statusCode, 400, `${url}: ${res.body.slice(0, 200)}`);
        assert.equal(assertErrorBody(res, url).code, code, url);
      }
    });

    it('lets only the allowed origin read answers from a browser (CORS)', async () => {
      const url = `/api/v1/articles/${seedId}`;
      const allowed = await call({ method: 'GET', url, headers: { origin: APP_ORIGIN } });
      assert.equal(allowed.statusCode, 200);
      assert.equal(allowed.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.match(String(allowed.headers.vary), /\bOrigin\b/i, 'caches keep answers apart by origin');

      const other = await call({ method: 'GET', url, headers: { origin: 'https://elsewhere.example.net' } });
      assert.equal(other.statusCode, 200, 'CORS is for browsers; the server still answers');
      assert.equal(other.headers['access-control-allow-origin'], undefined);

      const notFound = await call({ method: 'GET', url: '/api/v1/articles/999999999', headers: { origin: APP_ORIGIN } });
      assert.equal(notFound.statusCode, 404);
      assert.equal(notFound.headers['access-control-allow-origin'], APP_ORIGIN, 'the app can read errors too');

      const preflight = (origin: string) =>
        call({ method: 'OPTIONS', url: `/api/v1/articles/${seedId}/moods`, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      const ok = await preflight(APP_ORIGIN);
      assert.ok(ok.statusCode === 204 || ok.statusCode === 200, `preflight ${ok.statusCode}`);
      assert.equal(ok.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.match(String(ok.headers['access-control-allow-methods']), /POST/);
      const refused = await preflight('https://elsewhere.example.net');
      assert.equal(refused.headers['access-control-allow-origin'], undefined);
    });

    it('serves the interactive reference from its own origin only', async () => {
      let res = await t.app.inject({ url: '/api/docs' });
      for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400; hops++) {
        assert.ok(hops < 5, 'redirects end');
        const next = new URL(String(res.headers.location), `${TEST_PUBLIC_URL}/api/docs`);
        assert.equal(next.origin, TEST_PUBLIC_URL, 'redirects stay on the site');
        res = await t.app.inject({ url: next.pathname + next.search });
      }
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      const $ = cheerio.load(res.body);
      const base = new URL('/api/docs', TEST_PUBLIC_URL);
      const urls = $('script[src], link[href], img[src], iframe[src], source[src], object[data], embed[src]')
        .toArray()
        .map((el) => $(el).attr('src') ?? $(el).attr('href') ?? $(el).attr('data') ?? '');
      assert.ok(urls.some((u) => /\.js(\?|$)/.test(u)), 'the page loads its script');
      for (const u of urls) {
        const target = new URL(u, base);
        if (target.protocol === 'data:') continue;
        assert.equal(target.origin, TEST_PUBLIC_URL, `${u} is loaded from another site`);
        const asset = await t.app.inject({ url: target.pathname + target.search });
        assert.equal(asset.statusCode, 200, `${u} is served`);
        if (/\.css(\?|$)/.test(u)) {
          for (const m of asset.body.matchAll(/(?:@import\s+|url\()\s*['"]?((?:https?:)?\/\/[^'")\s]+)/g)) assert.fail(`${u} loads ${m[1]}`);
        }
      }
      // The script that starts the page reads the spec from this site and sends nothing to a validator.
      const initializer = urls.find((u) => /initializer/.test(u));
      if (initializer) {
        const js = (await t.app.inject({ url: new URL(initializer, base).pathname })).body;
        assert.match(js, /validatorUrl:\s*null/);
        for (const m of js.matchAll(/url:\s*(['"`])([^'"`]+)\1/g)) assert.ok(!/^(https?:)?\/\//.test(m[2]!) || m[2]!.startsWith(TEST_PUBLIC_URL), `spec from ${m[2]}`);
      }
    });
  });

  describe(`content API with read keys [${dialect}]`, () => {
    let t: TestApp;
    let doc: OpenApiDoc;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 2, env: { API_KEYS_REQUIRED: '1', API_CORS_ORIGINS: APP_ORIGIN } });
      doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json() as OpenApiDoc;
    });
    after(() => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

    it('refuses every operation but the mood poll without a valid key, with a documented JSON 401', async () => {
      const checker = new SchemaChecker(doc);
      const known: Known = { id: 1, slug: 'yuanjiang', channel: 'news', topic: 'yuanjiang', tag: 'x', path: SEED_PATH, q: SEARCH_WORD, from: '2026-01-01', to: '2026-12-31', limit: 5, mood: 'happy' };
      const keyless: string[] = [];
      for (const w of operationsOf(doc)) {
        const values: Values = new Map();
        for (const p of w.params) if (p.required || p.in === 'path') values.set(p, String(validValue(p.name, p.schema ?? {}, known, w.key)));
        const body = w.op.requestBody ? { mood: 'happy' } : undefined;
        const res = await send(t, buildRequest(w, values, body), '192.0.2.10');
        if (res.statusCode === 401) {
          assert.equal(assertErrorBody(res, w.key).code, 'API_KEY_REQUIRED');
          assert.equal(res.headers['www-authenticate'], 'Bearer', `${w.key}: says how to authenticate`);
          checker.check(checker.responsePointer(w, 401), res.json(), `${w.key} without a key`);
        } else {
          assert.ok(res.statusCode < 300, `${w.key} without a key: ${res.statusCode} ${res.body.slice(0, 200)}`);
          keyless.push(w.key);
        }
      }
      assert.deepEqual(keyless.sort(), [...KEYLESS_OPERATIONS].sort(), 'only the mood poll answers without a key');
    });

    it('answers with a live key (Bearer or X-API-Key), and not with an unknown or revoked one', async () => {
      const db = t.db.database.db;
      const { id, key } = await createApiKey(db, t.clock, 'partner app');
      for (const headers of [{ authorization: `Bearer ${key}` }, { 'x-api-key': key }] as Array<Record<string, string>>) {
        const res = await get('/api/v1/articles?limit=2', headers);
        assert.equal(res.statusCode, 200, JSON.stringify(headers));
        // An answer for a key holder is not for shared caches to hand to anyone else.
        assert.doesNotMatch(String(res.headers['cache-control']), /\bpublic\b/);
      }

      for (const [label, headers] of [
        ['no key', {}],
        ['unknown key', { authorization: 'Bearer mh_not-a-real-key' }],
        ['malformed key', { 'x-api-key': 'hello' }],
        ['key in the wrong scheme', { authorization: `Basic ${key}` }],
      ] as Array<[string, Record<string, string>]>) {
        const res = await get('/api/v1/channels', headers);
        assert.equal(res.statusCode, 401, label);
        assert.equal(assertErrorBody(res, label).code, 'API_KEY_REQUIRED');
      }

      // The key check follows the matched route, not the text of the URL.
      for (const url of ['/api/v1/articles?x=/moods', '/api/v1/channels?/moods', `/api/v1/articles/1?ref=/articles/1/moods`]) {
        assert.equal((await get(url)).statusCode, 401, url);
      }

      await revokeKey(db, t.clock, id);
      for (const headers of [{ authorization: `Bearer ${key}` }, { 'x-api-key': key }] as Array<Record<string, string>>) {
        const res = await get('/api/v1/channels', headers);
        assert.equal(res.statusCode, 401, `revoked: ${JSON.stringify(headers)}`);
        assertErrorBody(res, 'revoked key');
      }
    });

    it('documents how to send the read key, so clients and the reference page send it; the mood poll needs none', async () => {
      const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, { type?: string; scheme?: string; in?: string; name?: string }>;
      const { key } = await createApiKey(t.db.database.db, t.clock, 'generated client');
      const headersFor = (name: string): Record<string, string> => {
        const scheme = schemes[name];
        if (scheme?.type === 'http' && scheme.scheme === 'bearer') return { authorization: `Bearer ${key}` };
        if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.name) return { [scheme.name.toLowerCase()]: key };
        return assert.fail(`${name}: not a scheme a client can follow: ${JSON.stringify(scheme)}`);
      };
      const named = new Set<string>();
      for (const w of operationsOf(doc)) {
        const security = w.op.security ?? doc.security ?? [];
        if (KEYLESS_OPERATIONS.includes(w.key)) {
          assert.deepEqual(security, [], `${w.key}: no key`);
          continue;
        }
        const schemesOfOp = security.flatMap((alternative) => Object.keys(alternative));
        assert.ok(schemesOfOp.length > 0, `${w.key}: the document says how to send a key`);
        assert.ok(security.every((alternative) => Object.keys(alternative).length > 0), `${w.key}: this site offers no way in without a key`);
        for (const name of schemesOfOp) named.add(name);
      }
      assert.ok(named.has('readKey'), 'the bearer scheme is applied');
      // Sent as each scheme describes, the key opens what a missing key does not.
      assert.equal((await get('/api/v1/channels')).statusCode, 401);
      for (const name of named) assert.equal((await get('/api/v1/channels', headersFor(name))).statusCode, 200, name);
    });

    it('keeps the mood poll open to readers, who hold no key', async () => {
      // The site's own article pages show the counts and post votes (with or without
      // JavaScript) to these endpoints; readers of the site never have a key.
      const counts = await get('/api/v1/articles/1/moods');
      assert.equal(counts.statusCode, 200);
      const vote = await t.app.inject({ method: 'POST', url: '/api/v1/articles/1/moods', payload: { mood: 'happy' }, remoteAddress: '192.0.2.44' });
      assert.equal(vote.statusCode, 200, vote.body);
      const form = await t.app.inject({ method: 'POST', url: '/api/v1/articles/1/moods', payload: 'mood=sad', headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: '192.0.2.45' });
      assert.equal(form.statusCode, 303, 'the no-JavaScript form is sent back to the article');
    });

    it('lets a browser app on an allowed origin preflight without a key, and keeps the document public', async () => {
      const preflight = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/articles', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      assert.ok(preflight.statusCode === 204 || preflight.statusCode === 200, `preflight ${preflight.statusCode}`);
      assert.equal(preflight.headers['access-control-allow-origin'], APP_ORIGIN);
      const refused = await get('/api/v1/channels', { origin: APP_ORIGIN });
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.headers['access-control-allow-origin'], APP_ORIGIN, 'the app can read why it was refused');
      assert.equal((await get('/api/v1/openapi.json')).statusCode, 200);
    });
  });
}

/** Parameter values travel as text; to check them against their schema, give them their type. */
function coerce(value: string | number | boolean, schema: JsonSchema): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && typeof value === 'string') return Number(value);
  if (schema.type === 'string') return String(value);
  return value;
}
