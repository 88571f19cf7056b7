/**
 * Reader engagement beyond the article page itself: voting a mood (JSON for the script, a
 * form post that returns to the article without it), the live counts, the mood ranking
 * page, and the special-report pages.
 */
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articlePath } from '../features/articles/article-path.ts';
import { isValidSlug } from '../features/channels/channel.ts';
import { pictureHtml } from '../features/media/figures.ts';
import { isRankingPeriod, MOOD_KEY, RANKING_PERIODS, type RankingPeriod } from '../features/moods/mood.ts';
import type { MoodState } from '../features/moods/mood.ts';
import type { AssetBundle } from '../platform/assets.ts';
import { AppError } from '../platform/errors.ts';
import { toHtml } from '../shared/to-html.ts';
import type { ReaderDeps } from './deps.ts';
import { listEntry, loadShell } from './page-models.ts';
import { ensureReaderId, readerIdOf } from './reader-id.ts';
import { RankingPage, TopicPageView, TopicsIndexPage } from './views/engagement-pages.tsx';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const VoteBody = Type.Object({ mood: Type.String({ maxLength: 32 }) });

function moodJson(deps: ReaderDeps, state: MoodState) {
  const en = deps.site.locale === 'en';
  return { moods: state.tallies.map((m) => ({ key: m.key, name: en ? m.nameEn : m.nameZh, icon: m.icon, count: m.count })), choice: state.choice };
}

function wantsJson(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').includes('application/json') || ((req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/html'));
}

export async function engagementRoutes(instance: FastifyInstance, opts: { deps: ReaderDeps; assets: AssetBundle }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps, assets } = opts;
  const { timeZone, publicUrl } = deps.site;
  // The no-JavaScript mood form posts urlencoded; only these routes need to read it.
  await app.register(formbody, { bodyLimit: 1024 });

  app.get('/api/v1/articles/:id/moods', { schema: { params: IdParams } }, async (req, reply) => {
    const article = await deps.getPublishedArticle(Number(req.params.id));
    if (!article) throw new AppError('ARTICLE_NOT_FOUND');
    // Counts change with every vote and the reader's own choice is theirs alone: never cached.
    return reply.header('cache-control', 'private, no-store').send(moodJson(deps, await deps.moodState(article.id, readerIdOf(req))));
  });

  app.post('/api/v1/articles/:id/moods', { schema: { params: IdParams, body: VoteBody } }, async (req, reply) => {
    const id = Number(req.params.id);
    const article = await deps.getPublishedArticle(id);
    if (!article) throw new AppError('ARTICLE_NOT_FOUND');
    const back = (outcome: string) => reply.code(303).header('location', `${articlePath(id, article.publishedAt, timeZone)}?mood=${outcome}#moods`).send();
    const json = wantsJson(req);
    if (!MOOD_KEY.test(req.body.mood)) throw new AppError('VALIDATION_FAILED', 'mood');
    const readerId = ensureReaderId(req, reply, deps.site.secureCookies);
    reply.header('cache-control', 'no-store');
    try {
      const state = await deps.vote({ articleId: id, readerId, moodKey: req.body.mood, ip: req.ip });
      return json ? reply.send(moodJson(deps, state)) : back('voted');
    } catch (error) {
      if (json || !(error instanceof AppError)) {
        if (error instanceof AppError && error.code === 'RATE_LIMITED') reply.header('retry-after', '60');
        throw error;
      }
      if (error.code === 'ALREADY_VOTED') return back('already');
      if (error.code === 'RATE_LIMITED') return back('busy');
      throw error;
    }
  });

  app.get(
    '/moods/',
    {
      schema: {
        querystring: Type.Object({
          mood: Type.Optional(Type.String({ maxLength: 32 })),
          period: Type.Optional(Type.String({ maxLength: 16 })),
          channel: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (req, reply) => {
      const shell = await loadShell(deps, assets);
      const moods = await deps.moods();
      const mood = moods.find((m) => m.key === req.query.mood) ?? moods[0];
      const period: RankingPeriod = isRankingPeriod(req.query.period) ? req.query.period : 'week';
      const path = (req.query.channel ?? '').replace(/^\/+|\/+$/g, '');
      const channel = path && path.split('/').every((s, i) => isValidSlug(s, i === 0)) ? await deps.getChannelByPath(path) : null;
      const root = await deps.getChannelByPath('');
      const channels = root ? await deps.childChannels(root) : [];
      const ranked = mood ? await deps.moodRanking({ moodKey: mood.key, period, channel, limit: 20 }) : [];
      const items = await deps.articlesById(ranked.map((r) => r.articleId));
      const counts = new Map(ranked.map((r) => [r.articleId, r.count]));
      const en = deps.site.locale === 'en';
      const html = toHtml(
        <RankingPage
          shell={shell}
          model={{
            moods: moods.map((m) => ({ key: m.key, name: en ? m.nameEn : m.nameZh, icon: m.icon })),
            mood: mood?.key ?? '',
            periods: RANKING_PERIODS,
            period,
            channels: channels.map((c) => ({ path: c.path, name: c.name })),
            channel: channel?.path ?? '',
            items: items.map((a) => ({ ...listEntry(a, timeZone), count: counts.get(a.id) ?? 0 })),
            canonicalUrl: `${publicUrl}/moods/`,
          }}
        />,
      );
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
    },
  );

  app.get('/topics/', async (_req, reply) => {
    const shell = await loadShell(deps, assets);
    const topics = await deps.topics();
    const html = toHtml(
      <TopicsIndexPage
        shell={shell}
        topics={topics.map((topic) => ({
          url: `/topics/${topic.slug}/`,
          title: topic.title,
          intro: topic.intro,
          pictureHtml: topic.banner ? pictureHtml(topic.banner, '', '(min-width: 44rem) 20rem, 100vw') : '',
        }))}
        canonicalUrl={`${publicUrl}/topics/`}
      />,
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });

  app.get('/topics/:slug/', { schema: { params: Type.Object({ slug: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
    if (!isValidSlug(req.params.slug, false)) throw new AppError('TOPIC_NOT_FOUND');
    const page = await deps.topicPage(req.params.slug);
    if (!page) throw new AppError('TOPIC_NOT_FOUND');
    const shell = await loadShell(deps, assets);
    const html = toHtml(
      <TopicPageView
        shell={shell}
        model={{
          title: page.topic.title,
          intro: page.topic.intro,
          bannerHtml: page.banner ? pictureHtml(page.banner, page.topic.title, '(min-width: 64rem) 64rem, 100vw') : '',
          sections: page.sections.map((s) => ({ title: s.title, items: s.articles.map((a) => listEntry(a, timeZone)) })),
          canonicalUrl: `${publicUrl}/topics/${page.topic.slug}/`,
        }}
      />,
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });

  app.get('/topics/:slug', { schema: { params: Type.Object({ slug: Type.String({ maxLength: 64 }) }) } }, async (req, reply) =>
    reply.redirect(`/topics/${encodeURIComponent(req.params.slug)}/`, 301),
  );
}
