/** The styled page for 404 and every other error a reader can meet. */
import { Layout, type Shell } from './layout.tsx';

export function ErrorPage(props: { shell: Shell; status: number; title: string; message: string }): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  return (
    <Layout shell={shell} head={{ title: `${props.title} - ${shell.siteName}` }}>
      <main id="main" class="page page--error">
        <p class="error__status" aria-hidden="true" safe>
          {String(props.status)}
        </p>
        <h1 class="page__title" safe>
          {props.title}
        </h1>
        <p safe>{props.message}</p>
        <p>
          <a class="button" href="/" safe>
            {t.backHome}
          </a>
        </p>
      </main>
    </Layout>
  );
}
