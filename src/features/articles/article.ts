/** The article as the rest of the app sees it: domain objects, not rows. */
import type { ArticleKind, ArticleStatus } from '../../db/schema.ts';
import type { Channel } from '../channels/channel.ts';
import type { Person } from '../people/person.ts';

export interface Placement {
  readonly focus: boolean;
  readonly exclusive: boolean;
  readonly recommended: boolean;
  readonly pinned: boolean;
}

/** An article no editor has placed anywhere. */
export const NO_PLACEMENT: Placement = { focus: false, exclusive: false, recommended: false, pinned: false };

/** What a list needs: headline, summary, time, where it lives. */
export interface ArticleListItem {
  readonly id: number;
  readonly kind: ArticleKind;
  readonly title: string;
  readonly summary: string;
  readonly channelId: number;
  readonly publishedAt: Date;
}

export interface ArticleDetail extends ArticleListItem {
  readonly status: ArticleStatus;
  readonly bodyHtml: string;
  readonly bodyChars: number;
  readonly source: string | null;
  readonly byline: string | null;
  readonly reporters: readonly Person[];
  readonly editorInCharge: Person | null;
  readonly coverImageUrl: string | null;
  readonly placement: Placement;
  readonly updatedAt: Date;
  /** The last correction after publication: readers see it as 更新时间. */
  readonly revisedAt: Date | null;
  readonly channel: Channel;
}
