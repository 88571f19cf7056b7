/**
 * Reader pages beyond the article page: the mood ranking page and the special reports.
 * (Voting itself is the content API's /api/v1/articles/:id/moods.)
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isValidSlug } from '../features/channels/channel.ts';
import { pictureHtml } from '../features/media/figures.ts';
import { isRankingPeriod, RANKING_PERIODS, type RankingPeriod } from '../features/moods/mood.ts';
import type { AssetBundle } from '../platform/assets.ts';
import { AppError } from '../platform/errors.ts';
import { toHtml } from '../shared/to-html.ts';
import type { ReaderDeps } from './deps.ts';
import { PageTag } from '../features/invalidation/page-tags.ts';

const HTML = 'text/html; charset=utf-8';
import { listEntry, loadShell } from './page-models.ts';
import { RankingPage, TopicPageView, TopicsIndexPage } from './views/engagement-pages.tsx';

export async function engagementRoutes(instance: FastifyInstance, opts: { deps: ReaderDeps; assets: AssetBundle }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps, assets } = opts;
  const { timeZone, publicUrl } = deps.site;
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
      const shell = await loadShell(deps, assets, req.cspNonce);
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
      return app.pageSender.send(req, reply, { body: html, contentType: HTML, tags: [PageTag.site, PageTag.lists] });
    },
  );

  app.get('/topics/', async (req, reply) => {
    const shell = await loadShell(deps, assets, req.cspNonce);
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
    const banners = topics.flatMap((topic) => (topic.banner ? [PageTag.media(topic.banner.id)] : []));
    return app.pageSender.send(req, reply, { body: html, contentType: HTML, tags: [PageTag.site, PageTag.topics, ...banners] });
  });

  app.get('/topics/:slug/', { schema: { params: Type.Object({ slug: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
    if (!isValidSlug(req.params.slug, false)) throw new AppError('TOPIC_NOT_FOUND');
    const page = await deps.topicPage(req.params.slug);
    if (!page) throw new AppError('TOPIC_NOT_FOUND');
    const shell = await loadShell(deps, assets, req.cspNonce);
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
    const shown = page.sections.flatMap((s) => s.articles.map((a) => PageTag.article(a.id)));
    const tags = [PageTag.site, PageTag.topics, ...shown, ...(page.banner ? [PageTag.media(page.banner.id)] : [])];
    return app.pageSender.send(req, reply, { body: html, contentType: HTML, tags });
  });

  app.get('/topics/:slug', { schema: { params: Type.Object({ slug: Type.String({ maxLength: 64 }) }) } }, async (req, reply) =>
    reply.redirect(`/topics/${encodeURIComponent(req.params.slug)}/`, 301),
  );
}
