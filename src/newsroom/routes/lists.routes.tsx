/**
 * The managed lists of sources and people, kept by those who keep the channels
 * (`lists.manage`). Every change is one transaction with its audit entry; a refused one
 * re-renders the list with the reason, nothing changed.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { audit } from '../../features/audit/audit.service.ts';
import { invalidatePages } from '../../features/invalidation/invalidation.service.ts';
import { PageTag } from '../../features/invalidation/page-tags.ts';
import { mergePerson, peopleList, removePerson, renamePerson } from '../../features/people/people.service.ts';
import type { ListChange, ListRefusal } from '../../features/sources/managed-list.ts';
import { mergeSource, removeSource, renameSource, sourceList } from '../../features/sources/sources.service.ts';
import type { NewsroomMessages } from '../i18n/messages.ts';
import { requireCapability } from '../auth.ts';
import { messagesOf, seeOther, sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { ListsPage, type ListKind, type ListRow } from '../views/lists-page.tsx';

/** Entries shown at once; the name filter finds the rest. */
const SHOWN = 300;

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const csrf = Type.String({ maxLength: 100 });
const entryId = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const ListQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), notice: Type.Optional(Type.String({ maxLength: 20 })) });

const STATUS: Record<ListRefusal['reason'], number> = { not_found: 404, bad_name: 400, name_taken: 409, same_entry: 400, in_use: 409, has_account: 409 };

function explain(t: NewsroomMessages, refusal: ListRefusal): string {
  switch (refusal.reason) {
    case 'not_found':
      return t.listNotFound;
    case 'bad_name':
      return t.listBadName;
    case 'name_taken':
      return t.listNameTaken(refusal.name);
    case 'same_entry':
      return t.listSameEntry;
    case 'in_use':
      return t.listInUse(refusal.articles);
    case 'has_account':
      return t.listHasAccount;
  }
}

interface ListOps {
  /** The audit log's name for an entry of this list. */
  readonly subject: 'source' | 'person';
  columns(t: NewsroomMessages): string[];
  rows(db: Db, t: NewsroomMessages, filter: string): Promise<{ rows: ListRow[]; total: number }>;
  rename(db: Db, id: number, name: string): Promise<ListChange>;
  merge(db: Db, fromId: number, intoId: number): Promise<ListChange>;
  remove(db: Db, id: number): Promise<ListChange>;
}

const LISTS: Record<ListKind, ListOps> = {
  sources: {
    subject: 'source',
    columns: (t) => [t.listArticles],
    async rows(db, t, filter) {
      const { rows, total } = await sourceList(db, filter, SHOWN);
      return { rows: rows.map((r) => ({ id: r.id, name: r.name, cells: [t.articleCount(r.articles)], inUse: r.articles > 0 })), total };
    },
    rename: renameSource,
    merge: mergeSource,
    remove: removeSource,
  },
  people: {
    subject: 'person',
    columns: (t) => [t.listAsReporter, t.listAsEditor, t.listAccount],
    async rows(db, t, filter) {
      const { rows, total } = await peopleList(db, filter, SHOWN);
      return {
        rows: rows.map((r) => ({
          id: r.id,
          name: r.name,
          cells: [t.articleCount(r.asReporter), t.articleCount(r.asEditor), r.accounts.join('、')],
          inUse: r.asReporter + r.asEditor > 0 || r.accounts.length > 0,
        })),
        total,
      };
    },
    rename: renamePerson,
    merge: mergePerson,
    remove: removePerson,
  },
};

export async function listRoutes(instance: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { deps } = opts;
  const { db, clock } = deps;

  async function page(req: FastifyRequest, kind: ListKind, filter: string, errors: string[], notice: string | null) {
    const t = messagesOf(req, deps);
    const ops = LISTS[kind];
    const { rows, total } = await ops.rows(db, t, filter);
    return <ListsPage shell={shellOf(req, deps)} kind={kind} columns={ops.columns(t)} rows={rows} total={total} filter={filter} errors={errors} notice={notice} />;
  }

  /** Runs a change in one transaction with its audit entry, or shows why it was refused. */
  async function attempt(req: FastifyRequest, reply: FastifyReply, kind: ListKind, action: string, subjectId: number, run: (trx: Db) => Promise<ListChange>) {
    const { user } = requireCapability(req, 'lists.manage');
    const outcome = await db.transaction().execute(async (trx) => {
      const change = await run(trx);
      if (!change.ok) return change;
      await audit(trx, clock, { actorId: user.id, action: `${LISTS[kind].subject}.${action}`, subjectType: LISTS[kind].subject, subjectId, detail: change.detail, ip: req.ip });
      // Article pages print sources and people; such edits are rare, so every page goes.
      if (action !== 'delete') await invalidatePages(trx, clock, [PageTag.site]);
      return change;
    });
    if (outcome.ok) return seeOther(reply, `/newsroom/${kind}?notice=saved`);
    return sendPage(reply, await page(req, kind, '', [explain(messagesOf(req, deps), outcome.refusal)], null), STATUS[outcome.refusal.reason]);
  }

  for (const kind of ['sources', 'people'] as const) {
    const ops = LISTS[kind];
    app.get(`/${kind}`, { schema: { querystring: ListQuery } }, async (req, reply) => {
      requireCapability(req, 'lists.manage');
      const notice = req.query.notice === 'saved' ? `✓ ${messagesOf(req, deps).saved}` : null;
      return sendPage(reply, await page(req, kind, (req.query.q ?? '').trim(), [], notice));
    });
    app.post(`/${kind}/:id/rename`, { schema: { params: Id, body: Type.Object({ _csrf: csrf, name: Type.String({ maxLength: 200 }) }) } }, async (req, reply) =>
      attempt(req, reply, kind, 'rename', Number(req.params.id), (trx) => ops.rename(trx, Number(req.params.id), req.body.name)),
    );
    app.post(`/${kind}/merge`, { schema: { body: Type.Object({ _csrf: csrf, fromId: entryId, intoId: entryId }) } }, async (req, reply) =>
      attempt(req, reply, kind, 'merge', Number(req.body.fromId), (trx) => ops.merge(trx, Number(req.body.fromId), Number(req.body.intoId))),
    );
    app.post(`/${kind}/:id/delete`, { schema: { params: Id, body: Type.Object({ _csrf: csrf }) } }, async (req, reply) =>
      attempt(req, reply, kind, 'delete', Number(req.params.id), (trx) => ops.remove(trx, Number(req.params.id))),
    );
  }
}
