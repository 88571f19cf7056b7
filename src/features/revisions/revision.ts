import type { RevisionKind } from '../../db/schema.ts';
import type { Placement } from '../articles/article.ts';

/** Everything a revision keeps besides title, summary and body. */
export interface RevisionMeta {
  readonly channelId: number;
  readonly source: string;
  readonly byline: string;
  readonly reporters: readonly string[];
  readonly editorInCharge: string;
  readonly tags: readonly string[];
  readonly coverMediaId: number | null;
  readonly placement: Placement;
}

export interface Revision {
  readonly id: number;
  readonly articleId: number;
  readonly version: number;
  readonly kind: RevisionKind;
  readonly title: string;
  readonly summary: string;
  readonly bodyHtml: string;
  readonly meta: RevisionMeta;
  readonly authorId: number | null;
  readonly authorName: string | null;
  readonly createdAt: Date;
}
