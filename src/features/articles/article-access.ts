/**
 * Who may see and edit which article, on top of the role matrix: reporters work on their
 * own drafts only; once an article is in review or published, editing needs an editor.
 * A published article is public, but how it got there (revisions, review comments) is not.
 */
import type { ArticleStatus } from '../../db/schema.ts';
import { can } from '../users/capabilities.ts';
import type { User } from '../users/user.ts';
import type { Placement } from './article.ts';

export interface AccessSubject {
  readonly authorId: number | null;
  readonly status: ArticleStatus;
}

export function isAuthor(user: User, a: AccessSubject): boolean {
  return a.authorId !== null && a.authorId === user.id;
}

export function canView(user: User, a: AccessSubject): boolean {
  return can(user.role, 'article.view_all') || isAuthor(user, a) || a.status === 'published';
}

/** Revisions, diffs and the workflow history: drafts and send-back comments stay with the author and the editors. */
export function canSeeHistory(user: User, a: AccessSubject): boolean {
  return can(user.role, 'article.view_all') || isAuthor(user, a);
}

/** Placement is the editors' call: anyone else's save keeps the flags the article has. */
export function allowedPlacement(user: User, requested: Placement, current: Placement): Placement {
  return can(user.role, 'article.place') ? requested : current;
}

export function canEdit(user: User, a: AccessSubject): boolean {
  switch (a.status) {
    case 'draft':
      return isAuthor(user, a) ? can(user.role, 'article.edit_own_draft') : can(user.role, 'article.edit_others_draft');
    case 'in_review':
      return can(user.role, 'article.edit_others_draft');
    case 'published':
    case 'withdrawn':
      return can(user.role, 'article.correct_published');
  }
}
