/**
 * The content API's shapes. Routes declare these for every parameter and response, so
 * requests are validated, responses carry exactly these fields (nothing leaks), and the
 * OpenAPI document is generated from them.
 */
import { Type, type Static } from 'typebox';
import { SEARCH_CANDIDATES } from '../search/backends/backend.ts';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, e.g. ARTICLE_NOT_FOUND' }),
      message: Type.String({ description: 'Human-readable message in the site language' }),
      detail: Type.Optional(Type.String()),
    }),
  },
);

export const ChannelRef = Type.Object({ id: Type.Integer(), name: Type.String(), path: Type.String(), url: Type.String() });

export const ArticleSummary = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([Type.Literal('article'), Type.Literal('brief')]),
    title: Type.String(),
    summary: Type.String(),
    url: Type.String({ description: 'Absolute URL of the article page' }),
    publishedAt: Type.String({ format: 'date-time' }),
    channel: ChannelRef,
  },
);

export const ArticleFull = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([Type.Literal('article'), Type.Literal('brief')]),
    title: Type.String(),
    summary: Type.String(),
    url: Type.String(),
    publishedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Last correction after publication' }),
    channel: ChannelRef,
    breadcrumb: Type.Array(ChannelRef),
    source: Type.Union([Type.String(), Type.Null()]),
    byline: Type.Union([Type.String(), Type.Null()]),
    reporters: Type.Array(Type.String()),
    editorInCharge: Type.Union([Type.String(), Type.Null()]),
    bodyHtml: Type.String({ description: 'Sanitised HTML' }),
    coverImage: Type.Union([Type.String(), Type.Null()]),
    tags: Type.Array(Type.String()),
    topics: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() })),
  },
);

export const ArticleList = Type.Object({ items: Type.Array(ArticleSummary), next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page' }) });

export const ChannelList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), path: Type.String(), url: Type.String(), parentId: Type.Union([Type.Integer(), Type.Null()]), position: Type.Integer() })),
});

export const TopicSummary = Type.Object({ slug: Type.String(), title: Type.String(), intro: Type.String(), url: Type.String(), banner: Type.Union([Type.String(), Type.Null()]) });
export const TopicList = Type.Object({ items: Type.Array(TopicSummary) });
export const TopicDetail = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  intro: Type.String(),
  url: Type.String(),
  banner: Type.Union([Type.String(), Type.Null()]),
  sections: Type.Array(Type.Object({ title: Type.String(), articles: Type.Array(ArticleSummary) })),
});

export const SearchResults = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      titleHtml: Type.String({ description: 'Title with matches in <mark>, HTML-escaped' }),
      snippetHtml: Type.String({ description: 'Excerpt with matches in <mark>, HTML-escaped' }),
      url: Type.String(),
      publishedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  next: Type.Union([Type.String(), Type.Null()]),
  partial: Type.Boolean({ description: 'True when no article had every word of the query: the items have some of them, most first (false when nothing matched)' }),
  truncated: Type.Boolean({
    description:
      `True when more than ${SEARCH_CANDIDATES} articles matched: only the newest ${SEARCH_CANDIDATES} of them by publication time are ranked and paged, so older matches need a narrower from/to or channel`,
  }),
});

export const MoodTallies = Type.Object({
  moods: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), icon: Type.String(), count: Type.Integer() })),
  choice: Type.Union([Type.String(), Type.Null()], { description: "This reader's own vote" }),
});

export const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'Article id' }) });
export const Cursor = Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'Cursor from a previous page' }));
export const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 }));
export const ChannelPath = Type.Optional(Type.String({ maxLength: 200, pattern: '^[a-z][a-z0-9-]*(/[a-z][a-z0-9-]*)*$', description: 'Channel path, e.g. local/society' }));
export const DateOnly = Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD in the site time zone' }));

export type ArticleSummaryT = Static<typeof ArticleSummary>;
export type ArticleFullT = Static<typeof ArticleFull>;
