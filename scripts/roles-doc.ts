/**
 * Renders the capability matrix (src/features/users/capabilities.ts) as docs/roles.md.
 *   npm run docs:roles        writes the file
 * A test fails when the committed file and the matrix disagree.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTIONS, MATRIX, type Action } from '../src/features/users/capabilities.ts';
import { ROLES } from '../src/features/users/roles.ts';

const NAMES = { reporter: 'Reporter 记者', editor: 'Editor 编辑', chief_editor: 'Chief editor 总编辑', admin: 'Admin 管理员' } as const;

export const ROLES_DOC = path.resolve(import.meta.dirname, '../docs/roles.md');

export function rolesMarkdown(): string {
  const lines = [
    '# Roles and what they may do',
    '',
    'Generated from `src/features/users/capabilities.ts` by `npm run docs:roles`; do not edit by hand.',
    'On top of the matrix, reporters see and edit only their own drafts, and the approvers of a',
    "review stage are the ones the channel's stages name (see the newsroom's 审核流程 page).",
    'A published article is open to every role, but its revisions, diffs and review history only',
    'to its author and to those who see every article. A save by someone without',
    '`article.place` keeps the placement flags the article already has.',
    '',
    `| action | ${ROLES.map((r) => NAMES[r]).join(' | ')} |`,
    `|---|${ROLES.map(() => ':-:').join('|')}|`,
    ...(Object.keys(ACTIONS) as Action[]).map(
      (a) => `| ${ACTIONS[a].en} · ${ACTIONS[a].zh} (\`${a}\`) | ${ROLES.map((r) => (MATRIX[a].includes(r) ? '✓' : '—')).join(' | ')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(ROLES_DOC, rolesMarkdown());
  console.log(`wrote ${path.relative(process.cwd(), ROLES_DOC)}`);
}
