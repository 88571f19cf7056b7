/**
 * Uploads: types are read from the bytes, not the name; SVG, HTML and pixel bombs are
 * refused with a clear message and leave nothing behind; EXIF/GPS is stripped; every
 * variant exists and is served with an immutable cache; body figures become <picture>.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deflateSync as zlibSync } from 'node:zlib';
import sharp from 'sharp';
import * as cheerio from 'cheerio';
import { getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient } from '../../helpers/newsroom.ts';

const dialects = await testDialects('media uploads');

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  for (const name of names) {
    const full = path.join(dir, name);
    out = statSync(full).isDirectory() ? out.concat(filesUnder(full)) : out.concat(full);
  }
  return out;
}

/** A PNG whose header claims 40000×40000 pixels, with almost no data: a decompression bomb. */
function pixelBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(40000, 0);
  ihdr.writeUInt32BE(40000, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

for (const dialect of dialects) {
  describe(`media uploads [${dialect}]`, () => {
    let t: TestApp;
    let editor: NewsroomClient;
    let jpegWithGps: Buffer;
    let png: Buffer;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1 });
      const staff = await createStaff(t.db.database.db, fixedClock(TEST_NOW));
      editor = await signedIn(t.app, staff.editor);
      jpegWithGps = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3366aa' } })
        .jpeg()
        .withExif({ IFD0: { Make: 'SpyCam', Model: 'X' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 49/1 0/1' } })
        .toBuffer();
      png = await sharp({ create: { width: 500, height: 400, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    });
    after(() => t.close());

    const mediaRows = async () => (await t.db.database.db.selectFrom('media').select('id').execute()).length;
    const files = () => filesUnder(t.config.mediaDir);

    it('stores a photo in every width and format, without its EXIF and GPS', async () => {
      assert.ok((await sharp(jpegWithGps).metadata()).exif, 'the fixture does carry EXIF');
      const res = await editor.upload('/newsroom/media', { name: '现场.jpg', type: 'image/jpeg', data: jpegWithGps });
      assert.equal(res.statusCode, 201, res.body);
      const media = res.json().media;
      assert.equal(media.width, 1600);
      const row = await t.db.database.db.selectFrom('media').selectAll().where('id', '=', media.id).executeTakeFirstOrThrow();
      const variants = JSON.parse(row.variants) as Array<{ format: string; width: number; key: string }>;
      assert.deepEqual([...new Set(variants.map((v) => v.width))].sort((x, y) => x - y), [320, 640, 960, 1280, 1600]);
      assert.deepEqual([...new Set(variants.map((v) => v.format))].sort(), ['avif', 'jpeg', 'webp']);
      for (const v of variants) {
        const served = await t.app.inject({ method: 'GET', url: `/media/${v.key}` });
        assert.equal(served.statusCode, 200);
        assert.match(String(served.headers['cache-control']), /immutable/);
        const meta = await sharp(served.rawPayload).metadata();
        assert.equal(meta.exif, undefined, `${v.key} has no EXIF`);
        assert.equal(meta.width, v.width);
      }
    });

    it('reads the type from the bytes: a PNG named .jpg is stored as the PNG it is', async () => {
      const res = await editor.upload('/newsroom/media', { name: 'photo.jpg', type: 'image/jpeg', data: png });
      assert.equal(res.statusCode, 201);
      const row = await t.db.database.db.selectFrom('media').selectAll().where('id', '=', res.json().media.id).executeTakeFirstOrThrow();
      assert.equal(row.mime, 'image/png');
      assert.ok(JSON.parse(row.variants).some((v: { format: string }) => v.format === 'png'), 'transparency keeps a PNG fallback');
    });

    const refusals: Array<[string, () => { name: string; type: string; data: Buffer }, number, RegExp]> = [
      ['an HTML file named .png', () => ({ name: 'evil.png', type: 'image/png', data: Buffer.from('<!doctype html><script>alert(1)</script>') }), 415, /not an image/],
      ['an SVG with a script', () => ({ name: 'logo.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }), 415, /SVG/],
      ['a 40000×40000 image', () => ({ name: 'bomb.png', type: 'image/png', data: pixelBomb() }), 413, /40000×40000/],
      ['a PDF', () => ({ name: 'doc.jpg', type: 'image/jpeg', data: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n') }), 415, /application\/pdf|not an image/],
      ['a truncated JPEG', () => ({ name: 'cut.jpg', type: 'image/jpeg', data: jpegWithGps.subarray(0, 600) }), 400, /.*/],
    ];

    for (const [label, make, status, detail] of refusals) {
      it(`refuses ${label} with a clear message and stores nothing`, async () => {
        const rows = await mediaRows();
        const before = files().length;
        const res = await editor.upload('/newsroom/media', make());
        assert.equal(res.statusCode, status, res.body);
        const error = res.json().error;
        assert.ok(error.message.length > 0);
        assert.match(`${error.message} ${error.detail ?? ''}`, detail);
        assert.equal(await mediaRows(), rows);
        assert.equal(files().length, before);
      });
    }

    it('shows a refusal on the library page when uploaded without JavaScript', async () => {
      const res = await editor.upload('/newsroom/media', { name: 'x.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }, { accept: 'text/html' });
      assert.equal(res.statusCode, 415);
      assert.match(cheerio.load(res.body)('[role="alert"]').text(), /SVG/);
    });

    it('turns an image in an article body into a responsive <picture> for readers', async () => {
      const up = (await editor.upload('/newsroom/media', { name: 'a.jpg', type: 'image/jpeg', data: jpegWithGps })).json().media;
      const channelId = (await getChannelByPath(t.db.database.db, 'news'))?.id ?? 0;
      await editor.get('/newsroom/articles/new');
      const body = `<p>图文。</p><figure data-media-id="${up.id}"><img src="x" alt="现场图"><figcaption>会议现场<small class="credit">记者 摄</small></figcaption></figure><figure data-media-id="999999"><img src="y"></figure>`;
      const id = articleIdFrom(await editor.post('/newsroom/articles', { title: '图片稿件', bodyHtml: body, channelId: String(channelId) }));
      await editor.post(`/newsroom/articles/${id}/submit`);
      await editor.post(`/newsroom/articles/${id}/approve`);
      await editor.post(`/newsroom/articles/${id}/publish`);
      const $ = cheerio.load((await t.app.inject({ method: 'GET', url: `/2026-11/30/c_${id}.html` })).body);
      const pic = $('.article__body figure picture');
      assert.equal(pic.length, 1, 'the unknown media id was dropped');
      assert.deepEqual(pic.find('source').map((_, s) => $(s).attr('type')).get(), ['image/avif', 'image/webp']);
      const img = pic.find('img');
      assert.equal(img.attr('alt'), '现场图');
      assert.equal(img.attr('loading'), 'lazy');
      assert.ok(img.attr('width') && img.attr('height'));
      assert.match(img.attr('srcset') ?? '', /320w.*1600w/);
      assert.equal($('.article__body figcaption').text(), '会议现场记者 摄');
    });
  });
}
