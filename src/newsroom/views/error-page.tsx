import { NewsroomLayout, type NewsroomShell } from './layout.tsx';

export function NewsroomErrorPage(props: { shell: NewsroomShell; status: number; message: string; detail?: string }): JSX.Element {
  const { t } = props.shell;
  return (
    <NewsroomLayout shell={props.shell} title={t.errorTitle}>
      <section class="nr-card">
        <h1 safe>{`${props.status} · ${t.errorTitle}`}</h1>
        <p safe>{props.message}</p>
        {props.detail ? (
          <p class="nr-muted" safe>
            {props.detail}
          </p>
        ) : (
          ''
        )}
        <p>
          <a href="/newsroom" safe>
            {t.navDashboard}
          </a>
        </p>
      </section>
    </NewsroomLayout>
  );
}
