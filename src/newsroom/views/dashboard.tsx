/** The dashboard: the user's own work, what waits for them, and the newsroom at a glance. */
import type { ArticleStatus } from '../../db/schema.ts';
import type { NewsroomListItem } from '../../features/articles/listing.service.ts';
import type { BurstAlert } from '../../features/moods/moods.service.ts';
import type { Job } from '../../jobs/jobs.service.ts';
import { BarChart } from './chart.tsx';
import { CsrfField, NewsroomLayout, type NewsroomShell } from './layout.tsx';

export interface DashboardModel {
  readonly drafts: readonly NewsroomListItem[];
  readonly queue: ReadonlyArray<{ id: number; title: string; updatedAt: Date }>;
  readonly jobs: ReadonlyArray<Job & { title: string }>;
  readonly recent: readonly NewsroomListItem[];
  readonly perDay: ReadonlyArray<{ day: string; count: number }>;
  readonly counts: Readonly<Record<ArticleStatus, number>>;
  readonly formatTime: (d: Date) => string;
  readonly alerts: readonly BurstAlert[];
}

function Titles(props: { items: ReadonlyArray<{ id: number; title: string; when: string }>; empty: string }): JSX.Element {
  if (props.items.length === 0) {
    return (
      <p class="nr-muted" safe>
        {props.empty}
      </p>
    );
  }
  return (
    <ul>
      {props.items.map((i) => (
        <li>
          <a href={`/newsroom/articles/${i.id}`} safe>
            {i.title}
          </a>{' '}
          <small class="nr-muted" safe>
            {i.when}
          </small>
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage(props: { shell: NewsroomShell; model: DashboardModel }): JSX.Element {
  const { shell, model } = props;
  const { t } = shell;
  const f = model.formatTime;
  return (
    <NewsroomLayout shell={shell} title={t.dashboardTitle} current="dashboard">
      <h1 safe>{t.dashboardTitle}</h1>
      <p>
        <a class="btn btn--primary" href="/newsroom/articles/new" safe>
          {t.newArticle}
        </a>
      </p>
      {model.alerts.length > 0 ? (
        <section class="nr-card nr-alert nr-alert--error" aria-labelledby="d-alerts">
          <h2 id="d-alerts" safe>
            {t.alertsTitle}
          </h2>
          <ul>
            {model.alerts.map((a) => (
              <li>
                <a href={`/newsroom/articles/${a.articleId}`} safe>
                  {t.alertLine(a.title, t.htmlLang === 'en' ? a.moodEn : a.moodZh, a.votes, a.addresses)}
                </a>{' '}
                <small safe>{f(a.windowStart)}</small>
                <form method="post" action={`/newsroom/mood-alerts/${a.id}/dismiss`} class="inline">
                  <CsrfField token={shell.csrfToken} />
                  <button type="submit" class="btn" safe>
                    {t.dismiss}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <div class="nr-grid">
        <section class="nr-card" aria-labelledby="d-drafts">
          <h2 id="d-drafts" safe>
            {t.myDrafts}
          </h2>
          <Titles items={model.drafts.map((a) => ({ id: a.id, title: a.title, when: f(a.updatedAt) }))} empty={t.none} />
        </section>
        <section class="nr-card" aria-labelledby="d-queue">
          <h2 id="d-queue" safe>
            {t.reviewQueue}
          </h2>
          <Titles items={model.queue.map((a) => ({ id: a.id, title: a.title, when: f(a.updatedAt) }))} empty={t.none} />
        </section>
        <section class="nr-card" aria-labelledby="d-jobs">
          <h2 id="d-jobs" safe>
            {t.scheduled}
          </h2>
          <Titles
            items={model.jobs.map((j) => ({ id: (j.payload as { articleId: number }).articleId, title: `${t.jobKinds[j.kind] ?? j.kind}：${j.title}`, when: f(j.runAt) }))}
            empty={t.none}
          />
        </section>
        <section class="nr-card" aria-labelledby="d-recent">
          <h2 id="d-recent" safe>
            {t.recentlyPublished}
          </h2>
          <Titles items={model.recent.map((a) => ({ id: a.id, title: a.title, when: a.publishedAt ? f(a.publishedAt) : '' }))} empty={t.none} />
        </section>
        <section class="nr-card">
          <BarChart title={t.publishedPerDay} bars={model.perDay.map((d) => ({ label: d.day, value: d.count }))} describe={t.chartLabel} />
        </section>
        <section class="nr-card">
          <BarChart
            title={t.statusCounts}
            bars={(Object.keys(model.counts) as ArticleStatus[]).map((s) => ({ label: t.statuses[s], value: model.counts[s] }))}
            describe={(l, n) => `${l}: ${n}`}
          />
        </section>
      </div>
    </NewsroomLayout>
  );
}
