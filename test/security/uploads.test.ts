/**
 * Hostile uploads through the newsroom media library: polyglots, disguised SVG and HTML,
 * pixel bombs, truncated and empty files, hostile file names and malformed multipart
 * bodies. A refusal is a 4xx with a message and leaves no row and no file; an accepted
 * upload keeps only images the server encoded itself, under names it chose, served as
 * image/* with nosniff.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import * as cheerio from 'cheerio';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { MEDIA_LIMITS } from '../../src/features/media/media.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, TEST_PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { createStaff, signedIn, type NewsroomClient } from '../helpers/newsroom.ts';

const dialects = await testDialects('hostile uploads');

/** Where the server keeps an upload: year/month/random folder/width.format. */
const STORED_KEY = /^\d{4}\/\d{2}\/[0-9a-f]{16}\/\d+\.(avif|webp|jpg|png|gif)$/;
const SCRIPT = '<script>alert(document.cookie)</script>';

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 1-bit greyscale PNG of one colour: every row is a filter byte and zeros, so it deflates about a thousandfold. */
function flatPng(width: number, height: number, rows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(rows * (1 + Math.ceil(width / 8)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A GIF 10799 pixels wide, so its width bytes read "/*" as JavaScript, with a comment extension closing it and running code. */
async function gifJsPolyglot(): Promise<Buffer> {
  const gif = await sharp({ create: { width: 0x2a2f, height: 60, channels: 3, background: '#808080' } }).gif().toBuffer();
  assert.equal(gif.subarray(0, 8).toString('latin1'), 'GIF89a/*', 'the width bytes open a JavaScript comment');
  const packed = gif[10] ?? 0;
  const tableEnd = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const js = Buffer.from('*/=1;alert("gif")//');
  const comment = Buffer.concat([Buffer.from([0x21, 0xfe, js.length]), js, Buffer.from([0])]);
  return Buffer.concat([gif.subarray(0, tableEnd), comment, gif.subarray(tableEnd)]);
}

/** A JPEG with a comment (COM) segment right after SOI, as HTML sniffers would read it. */
function withJpegComment(jpeg: Buffer, text: string): Buffer {
  const data = Buffer.from(text);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(data.length + 2);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe]), len, data, jpeg.subarray(2)]);
}

interface Part {
  readonly name: string;
  readonly filename?: string | Buffer;
  readonly type?: string;
  readonly data: Buffer | string;
}

/** A multipart body built by hand, for what the client helper cannot send (other fields, raw bytes in names). */
function multipart(boundary: string, parts: readonly Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`));
    if (p.filename !== undefined) chunks.push(Buffer.from('; filename="'), Buffer.from(p.filename), Buffer.from('"'));
    chunks.push(Buffer.from(`\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(path.join(dir, f)).isFile()).sort();
}

for (const dialect of dialects) {
  describe(`hostile uploads [${dialect}]`, () => {
    let t: TestApp;
    let editor: NewsroomClient;
    let jpeg: Buffer;
    let png: Buffer;
    let noisyPng: Buffer;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1 });
      const staff = await createStaff(t.db.database.db, fixedClock(TEST_NOW));
      editor = await signedIn(t.app, staff.editor);
      jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
      png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#aa3333' } }).png().toBuffer();
      noisyPng = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    });
    after(() => t.close());

    const mediaIds = async () => (await t.db.database.db.selectFrom('media').select('id').orderBy('id').execute()).map((r) => r.id);
    const files = () => filesUnder(t.config.mediaDir);

    const sendRaw = (payload: Buffer, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/newsroom/media',
        payload,
        headers: {
          'content-type': contentType,
          origin: TEST_PUBLIC_URL,
          cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'x-csrf-token': editor.csrf,
          accept: 'application/json',
        },
        remoteAddress: editor.ip,
      });

    const sendParts = (parts: readonly Part[]) => {
      const boundary = `----hostile${Math.random().toString(16).slice(2)}`;
      return sendRaw(multipart(boundary, parts), `multipart/form-data; boundary=${boundary}`);
    };

    /** A refusal: a 4xx with a code and message, no new row and no new file. */
    async function expectRefused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, detail = /./): Promise<void> {
      const rows = await mediaIds();
      const before = files();
      const res = await send();
      assert.equal(res.statusCode, status, res.body.slice(0, 300));
      const error = (res.json() as { error: { code: string; message: string; detail?: string } }).error;
      assert.equal(error.code, code);
      assert.ok(error.message.length > 0, 'a message for the user');
      assert.match(`${error.message} ${error.detail ?? ''}`, detail);
      assert.deepEqual(await mediaIds(), rows, 'no media row');
      assert.deepEqual(files(), before, 'no file left in the media folder');
    }

    /**
     * An acceptance: one new row, whose files are new, under the media folder, named by the
     * server, free of the payload, and served as an image that browsers may not sniff.
     */
    async function expectStored(res: LightMyRequestResponse, filesBefore: string[], payload: string) {
      assert.equal(res.statusCode, 201, res.body.slice(0, 300));
      const id = (res.json() as { media: { id: number } }).media.id;
      const row = await t.db.database.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const keys = (JSON.parse(row.variants) as Array<{ key: string }>).map((v) => v.key);
      assert.ok(keys.length > 0);
      const added = files().filter((f) => !filesBefore.includes(f));
      assert.deepEqual(added.sort(), [...keys].sort(), 'exactly the variants were written, and nothing else');
      for (const key of keys) {
        assert.match(key, STORED_KEY, 'a name the server chose');
        assert.ok(path.resolve(t.config.mediaDir, key).startsWith(path.resolve(t.config.mediaDir) + path.sep));
        assert.ok(!readFileSync(path.join(t.config.mediaDir, key)).includes(payload), `${key} does not carry the payload`);
        const served = await t.app.inject({ url: `/media/${key}` });
        assert.equal(served.statusCode, 200);
        assert.match(String(served.headers['content-type']), /^image\/(avif|webp|jpeg|png|gif)$/);
        assert.equal(served.headers['x-content-type-options'], 'nosniff');
        assert.ok(!served.rawPayload.includes(payload));
        assert.ok(!served.rawPayload.includes('<script'), 'no <script in the served bytes');
      }
      return row;
    }

    it('re-encodes a JPEG/HTML polyglot (a script after the end of the image): the stored bytes hold no <script', async () => {
      const polyglot = Buffer.concat([jpeg, Buffer.from(`<!doctype html><html><body>${SCRIPT}</body></html>`)]);
      const before = files();
      const row = await expectStored(await editor.upload('/newsroom/media', { name: 'photo.jpg', type: 'image/jpeg', data: polyglot }), before, SCRIPT);
      assert.equal(row.mime, 'image/jpeg');
    });

    it('re-encodes a JPEG whose comment segment carries HTML and a script', async () => {
      const polyglot = withJpegComment(jpeg, `<html><body>${SCRIPT}</body></html>`);
      assert.equal((await sharp(polyglot).metadata()).format, 'jpeg', 'the fixture is still a readable JPEG');
      const before = files();
      await expectStored(await editor.upload('/newsroom/media', { name: 'comment.jpg', type: 'image/jpeg', data: polyglot }), before, SCRIPT);
    });

    it('re-encodes a GIF/JavaScript polyglot: no stored file still runs as a script', async () => {
      const polyglot = await gifJsPolyglot();
      const before = files();
      const row = await expectStored(await editor.upload('/newsroom/media', { name: 'anim.gif', type: 'image/gif', data: polyglot }), before, 'alert("gif")');
      for (const key of (JSON.parse(row.variants) as Array<{ key: string }>).map((v) => v.key)) {
        assert.notEqual(readFileSync(path.join(t.config.mediaDir, key)).subarray(6, 8).toString('latin1'), '/*', `${key} no longer opens a comment`);
      }
    });

    it('refuses an SVG with a script', async () => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">${SCRIPT}</svg>`;
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'logo.svg', type: 'image/svg+xml', data: Buffer.from(svg) }), 415, 'MEDIA_TYPE_REFUSED', /SVG/);
    });

    it('refuses an SVG disguised with a .png name and image/png type, even behind a BOM, an XML prolog and a doctype', async () => {
      const plain = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${SCRIPT}</svg>`);
      const dressed = Buffer.from(`\uFEFF  \n<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg">${SCRIPT}</svg>`);
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'logo.png', type: 'image/png', data: plain }), 415, 'MEDIA_TYPE_REFUSED', /SVG/);
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'logo.png', type: 'image/png', data: dressed }), 415, 'MEDIA_TYPE_REFUSED');
    });

    it('refuses HTML named .jpg and sent as image/jpeg', async () => {
      const html = Buffer.from(`<!doctype html><html><head><meta charset="utf-8"></head><body>${SCRIPT}</body></html>`);
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'photo.jpg', type: 'image/jpeg', data: html }), 415, 'MEDIA_TYPE_REFUSED', /not an image/);
    });

    it('refuses a PNG whose header claims 100000×100000 pixels, before decoding it', async () => {
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'bomb.png', type: 'image/png', data: flatPng(100_000, 100_000, 1) }), 413, 'MEDIA_TOO_LARGE', /100000×100000/);
    });

    it('refuses a real, highly compressible 20000×20000 single-colour PNG by its pixel count', async () => {
      const bomb = flatPng(20_000, 20_000);
      assert.ok(bomb.length < 200_000, `a small file (${bomb.length} bytes) that decodes to 400 megapixels`);
      const meta = await sharp(bomb, { limitInputPixels: false }).metadata();
      assert.deepEqual([meta.width, meta.height], [20_000, 20_000], 'a real PNG');
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'flat.png', type: 'image/png', data: bomb }), 413, 'MEDIA_TOO_LARGE', /20000×20000/);
    });

    it('refuses a 7000×7000 PNG: within the side limit, over the 40-megapixel one', async () => {
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'wide.png', type: 'image/png', data: flatPng(7000, 7000) }), 413, 'MEDIA_TOO_LARGE', /7000×7000/);
    });

    it('refuses a truncated PNG and removes any variant it had begun', async () => {
      const cut = noisyPng.subarray(0, Math.floor(noisyPng.length * 0.6));
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'cut.png', type: 'image/png', data: cut }), 400, 'MEDIA_UNREADABLE');
    });

    it('refuses a file over the 20 MB upload limit, whatever its first bytes are', async () => {
      const huge = Buffer.concat([jpeg, Buffer.alloc(MEDIA_LIMITS.maxBytes + 1024 * 1024)]);
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'huge.jpg', type: 'image/jpeg', data: huge }), 413, 'MEDIA_TOO_LARGE');
    });

    it('refuses a zero-byte file', async () => {
      await expectRefused(() => editor.upload('/newsroom/media', { name: 'empty.jpg', type: 'image/jpeg', data: Buffer.alloc(0) }), 415, 'MEDIA_TYPE_REFUSED');
    });

    it('refuses a form with no file part, even with a text field named "file" holding HTML', async () => {
      await expectRefused(() => sendParts([{ name: '_csrf', data: editor.csrf }]), 400, 'VALIDATION_FAILED', /file/);
      await expectRefused(() => sendParts([{ name: '_csrf', data: editor.csrf }, { name: 'file', data: `<html>${SCRIPT}</html>` }]), 400, 'VALIDATION_FAILED', /file/);
    });

    it('refuses a body that is not multipart at all', async () => {
      await expectRefused(() => sendRaw(Buffer.from(JSON.stringify({ file: Buffer.from(SCRIPT).toString('base64') })), 'application/json'), 400, 'VALIDATION_FAILED');
    });

    it('reads only the first file of a form that sends two: an image then HTML stores the image alone, HTML then an image nothing', async () => {
      const html = { name: 'file', filename: 'b.html', type: 'text/html', data: `<html>${SCRIPT}</html>` };
      const image = { name: 'file', filename: 'a.png', type: 'image/png', data: png };
      const rows = await mediaIds();
      const before = files();
      await expectStored(await sendParts([{ name: '_csrf', data: editor.csrf }, image, html]), before, SCRIPT);
      assert.equal((await mediaIds()).length, rows.length + 1, 'one row, for the image');
      await expectRefused(() => sendParts([{ name: '_csrf', data: editor.csrf }, html, image]), 415, 'MEDIA_TYPE_REFUSED');
    });

    const hostileNames: Array<[string, string | Buffer]> = [
      ['a path up the tree', '../../etc/passwd.png'],
      ['a Windows path up the tree', '..\\..\\x.png'],
      ['an absolute path', '/etc/x.png'],
      ['a NUL byte', Buffer.concat([Buffer.from('evil.php'), Buffer.from([0]), Buffer.from('.png')])],
      // Astral characters: cutting the name by UTF-16 units would leave half of one.
      ['5000 characters', `a${'😀'.repeat(4995)}.png`],
      ['a right-to-left override', 'photo\u202egnp.exe'],
      ['markup', '<img src=x onerror=alert(1)>.png'],
    ];

    for (const [label, name] of hostileNames) {
      it(`stores an upload named with ${label} under a server-chosen name, and shows the name only as safe text`, async () => {
        const before = files();
        const res = await sendParts([
          { name: '_csrf', data: editor.csrf },
          { name: 'file', filename: name, type: 'image/png', data: png },
        ]);
        const row = await expectStored(res, before, '<img src=x');
        // Nothing was written where the name points.
        for (const target of ['../../etc/passwd.png', '../../x.png', '/etc/x.png', 'evil.php']) assert.ok(!existsSync(path.resolve(t.config.mediaDir, target)), target);
        const shown = row.original_name;
        assert.ok(shown.length > 0 && [...shown].length <= 200, `a bounded display name (${[...shown].length} characters)`);
        assert.doesNotMatch(shown, /[/\\]/, 'no path separators');
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u, 'no control or direction-override characters');
        assert.doesNotMatch(shown, /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u, 'no half of a surrogate pair, nor its replacement');

        // The library page shows it as text: no element or attribute comes from the name.
        const page = await editor.get('/newsroom/media', { accept: 'text/html' });
        assert.equal(page.statusCode, 200);
        const $ = cheerio.load(page.body);
        assert.equal($('img[onerror]').length, 0);
        assert.ok($('.media-grid .nr-muted').toArray().some((el) => $(el).text().includes(shown)), 'the sanitised name is shown');
      });
    }
  });
}
