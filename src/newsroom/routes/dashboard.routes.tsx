import type { FastifyInstance } from 'fastify';
import { getEditable } from '../../features/articles/editing.service.ts';
import { newsroomArticles, publishedPerDay, statusCounts } from '../../features/articles/listing.service.ts';
import { can } from '../../features/users/capabilities.ts';
import { burstAlerts } from '../../features/moods/moods.service.ts';
import { reviewQueue } from '../../features/workflow/workflow.service.ts';
import { upcomingJobs } from '../../jobs/jobs.service.ts';
import { formatDateTime } from '../../shared/time.ts';
import { requireSession } from '../auth.ts';
import { sendPage, shellOf } from '../context.ts';
import type { NewsroomDeps } from '../deps.ts';
import { DashboardPage } from '../views/dashboard.tsx';

export async function dashboardRoutes(app: FastifyInstance, opts: { deps: NewsroomDeps }): Promise<void> {
  const { db, clock, config } = opts.deps;
  app.get('/', async (req, reply) => {
    const { user } = requireSession(req);
    const [drafts, queue, pending, recent, perDay, counts, alerts] = await Promise.all([
      newsroomArticles(db, { status: 'draft', authorId: user.id, limit: 10 }),
      reviewQueue(db, user, 10),
      can(user.role, 'article.schedule') ? upcomingJobs(db, 10) : Promise.resolve([]),
      newsroomArticles(db, { status: 'published', limit: 10 }),
      publishedPerDay(db, clock, config.site.timeZone),
      statusCounts(db),
      can(user.role, 'moods.review_alerts') ? burstAlerts(db) : Promise.resolve([]),
    ]);
    const jobs = [];
    for (const job of pending) {
      const id = (job.payload as { articleId?: number } | null)?.articleId;
      const article = typeof id === 'number' ? await getEditable(db, id) : null;
      if (article) jobs.push({ ...job, title: article.title });
    }
    const model = {
      drafts: drafts.items,
      queue,
      jobs,
      recent: recent.items,
      perDay,
      counts,
      formatTime: (d: Date) => formatDateTime(d, config.site.timeZone),
      alerts,
    };
    return sendPage(reply, <DashboardPage shell={shellOf(req, opts.deps)} model={model} />);
  });
}
