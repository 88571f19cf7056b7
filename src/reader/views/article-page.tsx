/**
 * The article page, every block of the anatomy: share, reading bar, breadcrumb, title,
 * source and time, body, reporter credit, editor in charge, the fold; then related
 * reading, the mood poll and ranking, visual focus, special topics and the feed.
 */
import { escapeHtml } from '@kitajs/html';
import { Breadcrumb } from './breadcrumb.tsx';
import type { Blocks } from '../blocks.ts';
import { FeedBlock } from './blocks/feed.tsx';
import { FocusBlock } from './blocks/focus.tsx';
import { MoodRankingBlock } from './blocks/mood-ranking.tsx';
import { MoodsBlock, type MoodsModel } from './blocks/moods.tsx';
import { RelatedBlock } from './blocks/related.tsx';
import { ArticleTopics, TopicsBlock } from './blocks/topics.tsx';
import type { ArticleListEntry } from './article-list.tsx';
import { Layout, type NavLink, type PageHead, type Shell } from './layout.tsx';
import { Share, type ShareModel } from './share.tsx';

export interface ArticlePageModel {
  readonly head: PageHead;
  readonly title: string;
  readonly trail: readonly NavLink[];
  readonly source: string | null;
  readonly publishedAt: { readonly iso: string; readonly text: string };
  /** Set when the article was corrected after publication. */
  readonly revisedAt: { readonly iso: string; readonly text: string } | null;
  /** Shown above everything on preview pages. */
  readonly previewBanner: string | null;
  /** Sanitised before it was stored: trusted. */
  readonly bodyHtml: string;
  readonly credit: string | null;
  readonly editorInCharge: string | null;
  /** Long enough to fold on small screens. */
  readonly fold: boolean;
  readonly share: ShareModel;
  readonly related: readonly ArticleListEntry[];
  readonly moods: MoodsModel;
  readonly articleTopics: ReadonlyArray<{ url: string; title: string }>;
  readonly blocks: Blocks;
}

/** Lets a long dash-joined headline break after the dash instead of mid-word. */
function Headline(props: { title: string }): JSX.Element {
  const parts = props.title.split('——');
  return parts.map((part, i) => (i === 0 ? <>{escapeHtml(part)}</> : <>——<wbr />{escapeHtml(part)}</>)).join('');
}

export function ArticlePage(props: { shell: Shell; page: ArticlePageModel }): JSX.Element {
  const { shell, page } = props;
  const { t } = shell;
  const safeBodyHtml = page.bodyHtml;
  return (
    <Layout shell={shell} head={page.head}>
      {page.previewBanner ? (
        <p class="preview-banner" role="status" safe>
          {page.previewBanner}
        </p>
      ) : (
        ''
      )}
      <div class="reading-bar" aria-hidden="true">
        <span class="reading-bar__label" safe>
          {t.readingNow}
        </span>
        <span class="reading-bar__title" safe>
          {page.title}
        </span>
      </div>
      <main id="main" class="page page--article">
        <Breadcrumb t={t} trail={page.trail} current={t.breadcrumbCurrent} />
        <article class="article">
          <header class="article__header">
            <h1 class="article__title">
              <Headline title={page.title} />
            </h1>
            <p class="article__meta">
              {page.source ? (
                <span class="article__source">
                  {escapeHtml(t.source + page.source)}
                </span>
              ) : (
                ''
              )}
              <time class="article__time" datetime={page.publishedAt.iso} safe>
                {page.publishedAt.text}
              </time>
              {page.revisedAt ? (
                <span class="article__updated">
                  {escapeHtml(t.updated)}
                  <time datetime={page.revisedAt.iso} safe>
                    {page.revisedAt.text}
                  </time>
                </span>
              ) : (
                ''
              )}
            </p>
            <Share t={t} share={page.share} />
          </header>
          <div class={page.fold ? 'fold fold--long' : 'fold'}>
            {page.fold ? <input type="checkbox" id="fold-toggle" class="fold__toggle" /> : ''}
            <div class="fold__content" id="article-content" tabindex="-1">
              <div class="article__body">{safeBodyHtml}</div>
              {page.credit ? (
                <p class="article__credit" safe>
                  {t.credit(page.credit)}
                </p>
              ) : (
                ''
              )}
              {page.editorInCharge ? (
                <p class="article__editor" safe>
                  {t.editorInCharge(page.editorInCharge)}
                </p>
              ) : (
                ''
              )}
            </div>
            {page.fold ? (
              <label for="fold-toggle" class="fold__more">
                {escapeHtml(t.foldMore)}
                <span class="fold__chevron" aria-hidden="true"></span>
              </label>
            ) : (
              ''
            )}
          </div>
          <ArticleTopics t={t} topics={page.articleTopics} />
        </article>
        <RelatedBlock t={t} items={page.related} />
        <MoodsBlock t={t} model={page.moods} />
        <MoodRankingBlock t={t} model={page.blocks.ranking} />
        <FocusBlock t={t} items={page.blocks.focus} />
        <TopicsBlock t={t} items={page.blocks.topics} />
        <FeedBlock t={t} model={page.blocks.feed} />
      </main>
    </Layout>
  );
}
