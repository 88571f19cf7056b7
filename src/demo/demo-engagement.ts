/**
 * The demo's engagement content: photo news with generated pictures, two special
 * reports, a curated home slot, and some mood votes and reads, so every block of the
 * page has something real to show. Runs once per database (a settings marker).
 */
import sharp from 'sharp';
import type { Db } from '../db/schema.ts';
import { updateArticle } from '../features/articles/articles.repo.ts';
import type { Channel } from '../features/channels/channel.ts';
import { ensureSlot, placeInSlot } from '../features/feed/feed.service.ts';
import { primaryUrl } from '../features/media/media.ts';
import { uploadImage } from '../features/media/media.service.ts';
import type { MediaStorage } from '../features/media/storage.ts';
import { castVote } from '../features/moods/moods.service.ts';
import { insertSettingIfMissing } from '../features/settings/settings.repo.ts';
import { addArticleToSection, addSection, createTopic } from '../features/topics/topics.service.ts';
import { addViews } from '../features/views/views.repo.ts';
import { localDay } from '../shared/time.ts';
import type { Clock } from '../shared/clock.ts';
import { seededRandom } from './demo-content.ts';

const PALETTES = [
  ['#1d4e89', '#f2c14e'],
  ['#2a6f4e', '#e9d8a6'],
  ['#8c1c13', '#f4a259'],
  ['#3d348b', '#f7b801'],
  ['#264653', '#e76f51'],
  ['#5c4d7d', '#a1e8cc'],
  ['#7f5539', '#ede0d4'],
  ['#005f73', '#94d2bd'],
] as const;

/** An abstract 1200×800 "photo": a gradient with soft shapes, different for each seed. */
export async function demoPicture(seed: number): Promise<Buffer> {
  const rnd = seededRandom(seed);
  const [from, to] = PALETTES[seed % PALETTES.length] ?? PALETTES[0];
  const circles = Array.from({ length: 7 }, () => {
    const cx = Math.round(rnd() * 1200);
    const cy = Math.round(rnd() * 800);
    const r = Math.round(80 + rnd() * 260);
    return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#ffffff" fill-opacity="${(0.06 + rnd() * 0.12).toFixed(2)}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs><rect width="1200" height="800" fill="url(#g)"/>${circles}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

export interface EngagementTargets {
  readonly seedArticleId: number | null;
  readonly byChannel: ReadonlyMap<string, readonly number[]>;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly allIds: readonly number[];
}

export async function loadDemoEngagement(db: Db, clock: Clock, storage: MediaStorage, targets: EngagementTargets, timeZone: string): Promise<boolean> {
  const marker = clock.now().toISOString();
  if ((await insertSettingIfMissing(db, 'demo_engagement', marker, marker)) !== marker) return false;

  // 视觉焦点: the newest article of each channel gets a picture and the focus flag.
  const focusIds = [...targets.byChannel.values()].flatMap((ids) => ids.slice(0, 1));
  for (const [i, id] of focusIds.entries()) {
    const media = await uploadImage(db, storage, clock, { data: await demoPicture(i + 1), filename: `demo-${i + 1}.jpg`, uploadedBy: null, alt: '', caption: '', credit: '示例图片' });
    await updateArticle(db, id, { is_focus: 1, cover_media_id: media.id, cover_image_url: primaryUrl(media) });
  }

  // 独家策划: two special reports, the reference article in the first.
  const banner = async (seed: number) => (await uploadImage(db, storage, clock, { data: await demoPicture(seed), filename: `topic-${seed}.jpg`, uploadedBy: null })).id;
  const society = targets.byChannel.get('local/society') ?? [];
  const tech = targets.byChannel.get('tech') ?? [];
  const aid = await createTopic(db, clock, { title: '援疆进行时', slug: 'yuanjiang', intro: '聚焦新一批援疆干部人才：他们从哪里来，在做什么，留下了什么。', bannerMediaId: await banner(11), status: 'published' });
  const aidSection = await addSection(db, aid.id, '骨干轮换');
  if (targets.seedArticleId) await addArticleToSection(db, aidSection, targets.seedArticleId);
  const aidLife = await addSection(db, aid.id, '基层民生');
  for (const id of society.slice(1, 4)) await addArticleToSection(db, aidLife, id);
  const science = await createTopic(db, clock, { title: '科技前沿', slug: 'keji-qianyan', intro: '人工智能、量子计算与新能源的最新进展。', bannerMediaId: await banner(12), status: 'published' });
  const scienceSection = await addSection(db, science.id, '最新进展');
  for (const id of tech.slice(0, 4)) await addArticleToSection(db, scienceSection, id);

  // 推荐位: three curated items on the home page.
  const home = await ensureSlot(db, null);
  for (const id of [tech[1], targets.byChannel.get('culture')?.[1], targets.byChannel.get('world')?.[1]]) {
    if (id) await placeInSlot(db, home, id, { startsAt: null, endsAt: null });
  }

  // Moods and reads, so rankings and "most read" have something to rank.
  const rnd = seededRandom(7);
  const moods = ['happy', 'sad', 'like', 'pass'];
  const voted = targets.allIds.slice(0, 40);
  for (const [i, id] of voted.entries()) {
    const votes = 1 + Math.floor(rnd() * 8);
    for (let v = 0; v < votes; v++) {
      const mood = moods[Math.floor(rnd() * (i % 3 === 0 ? 2 : 4))] ?? 'like';
      await castVote(db, clock, { articleId: id, readerId: `demo-reader-${i}-${v}`, moodKey: mood, ipHash: `demo-${i}-${v}`, timeZone });
    }
  }
  const today = localDay(clock.now(), timeZone);
  for (const id of targets.allIds.slice(0, 30)) {
    const channelId = [...targets.channels.values()].find((c) => targets.byChannel.get(c.path)?.includes(id))?.id ?? 0;
    if (channelId) await addViews(db, { article_id: id, channel_id: channelId, day: today, views: 20 + Math.floor(rnd() * 500) });
  }
  return true;
}
