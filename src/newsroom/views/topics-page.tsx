/** Topics for chief editors: create, edit, publish, order, delete. */
import type { Topic, TopicSection } from '../../features/topics/topics.service.ts';
import type { NewsroomMessages } from '../i18n/messages.ts';
import { CsrfField, FormErrors, NewsroomLayout, Notice, type NewsroomShell } from './layout.tsx';

function TopicFields(props: { t: NewsroomMessages; prefix: string; topic: Partial<Topic> }): JSX.Element {
  const { t, prefix, topic } = props;
  return (
    <>
      <div class="nr-field">
        <label for={`${prefix}-title`} safe>
          {t.topicTitle}
        </label>
        <input id={`${prefix}-title`} name="title" value={topic.title ?? ''} required />
      </div>
      <div class="nr-field">
        <label for={`${prefix}-slug`} safe>
          {t.slug}
        </label>
        <input id={`${prefix}-slug`} name="slug" value={topic.slug ?? ''} />
      </div>
      <div class="nr-field">
        <label for={`${prefix}-intro`} safe>
          {t.intro}
        </label>
        <textarea id={`${prefix}-intro`} name="intro" rows="2" safe>
          {topic.intro ?? ''}
        </textarea>
      </div>
      <div class="nr-field">
        <label for={`${prefix}-banner`} safe>
          {t.banner}
        </label>
        <input id={`${prefix}-banner`} name="bannerMediaId" type="number" min="1" value={topic.bannerMediaId ? String(topic.bannerMediaId) : ''} />
      </div>
      <div class="nr-field">
        <label for={`${prefix}-status`} safe>
          {t.status}
        </label>
        <select id={`${prefix}-status`} name="status">
          {(['draft', 'published'] as const).map((s) => (
            <option value={s} selected={topic.status === s} safe>
              {t.topicStatus[s]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

function Sections(props: { t: NewsroomMessages; csrf: string; topicId: number; sections: readonly TopicSection[] }): JSX.Element {
  const { t, csrf } = props;
  return (
    <div class="nr-sections">
      <h3 safe>{t.sections}</h3>
      {props.sections.map((section) => (
        <fieldset>
          <legend safe>{section.title}</legend>
          <span class="inline-form">
            {(['up', 'down'] as const).map((dir) => (
              <form method="post" action={`/newsroom/topic-sections/${section.id}/move`} class="inline">
                <CsrfField token={csrf} />
                <input type="hidden" name="direction" value={dir} />
                <button type="submit" class="btn" aria-label={`${dir === 'up' ? t.moveUp : t.moveDown}: ${section.title}`}>
                  {dir === 'up' ? '↑' : '↓'}
                </button>
              </form>
            ))}
          </span>
          <ol>
            {section.articles.map((a) => (
              <li>
                <a href={`/newsroom/articles/${a.id}`} safe>
                  {a.title}
                </a>{' '}
                <span class="inline-form">
                  {(['up', 'down'] as const).map((dir) => (
                    <form method="post" action={`/newsroom/topic-sections/${section.id}/articles/${a.id}/move`} class="inline">
                      <CsrfField token={csrf} />
                      <input type="hidden" name="direction" value={dir} />
                      <button type="submit" class="btn" aria-label={`${dir === 'up' ? t.moveUp : t.moveDown}: ${a.title}`}>
                        {dir === 'up' ? '↑' : '↓'}
                      </button>
                    </form>
                  ))}
                  <form method="post" action={`/newsroom/topic-sections/${section.id}/articles/${a.id}/remove`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class="btn btn--danger" safe>
                      {t.remove}
                    </button>
                  </form>
                </span>
              </li>
            ))}
          </ol>
          <form method="post" action={`/newsroom/topic-sections/${section.id}/articles`} class="inline-form">
            <CsrfField token={csrf} />
            <label for={`sec${section.id}-article`} safe>
              {t.articleId}
            </label>
            <input id={`sec${section.id}-article`} name="articleId" type="number" min="1" required />
            <button type="submit" class="btn" safe>
              {t.addArticle}
            </button>
          </form>
          <form method="post" action={`/newsroom/topic-sections/${section.id}/remove`} class="inline" data-confirm={`${t.remove}: ${section.title}?`}>
            <CsrfField token={csrf} />
            <button type="submit" class="btn btn--danger" safe>
              {`${t.remove}「${section.title}」`}
            </button>
          </form>
        </fieldset>
      ))}
      <form method="post" action={`/newsroom/topics/${props.topicId}/sections`} class="inline-form">
        <CsrfField token={csrf} />
        <label for={`t${props.topicId}-section`} safe>
          {t.sectionTitle}
        </label>
        <input id={`t${props.topicId}-section`} name="title" required />
        <button type="submit" class="btn" safe>
          {t.addSection}
        </button>
      </form>
    </div>
  );
}

export function TopicsPage(props: { shell: NewsroomShell; topics: ReadonlyArray<Topic & { sections: readonly TopicSection[] }>; errors: readonly string[]; notice: string | null }): JSX.Element {
  const { shell } = props;
  const { t } = shell;
  return (
    <NewsroomLayout shell={shell} title={t.topicsTitle} current="topics">
      <h1 safe>{t.topicsTitle}</h1>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.errors} />
      <form method="post" action="/newsroom/topics" class="nr-card nr-form">
        <CsrfField token={shell.csrfToken} />
        <TopicFields t={t} prefix="new" topic={{ status: 'draft' }} />
        <p>
          <button type="submit" class="btn btn--primary" safe>
            {t.create}
          </button>
        </p>
      </form>
      {props.topics.map((topic) => (
        <section class="nr-card" aria-label={topic.title}>
          <form method="post" action={`/newsroom/topics/${topic.id}`} class="nr-form">
            <CsrfField token={shell.csrfToken} />
            <TopicFields t={t} prefix={`t${topic.id}`} topic={topic} />
            <p>
              <button type="submit" class="btn" safe>
                {t.save}
              </button>
            </p>
          </form>
          <Sections t={t} csrf={shell.csrfToken} topicId={topic.id} sections={topic.sections} />
          <div class="inline-form">
            {(['up', 'down'] as const).map((dir) => (
              <form method="post" action={`/newsroom/topics/${topic.id}/reorder`} class="inline">
                <CsrfField token={shell.csrfToken} />
                <input type="hidden" name="direction" value={dir} />
                <button type="submit" class="btn" safe>
                  {dir === 'up' ? t.moveUp : t.moveDown}
                </button>
              </form>
            ))}
            <form method="post" action={`/newsroom/topics/${topic.id}/delete`} class="inline-form">
              <CsrfField token={shell.csrfToken} />
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> <span safe>{t.topicDeleteConfirm}</span>
              </label>
              <button type="submit" class="btn btn--danger" safe>
                {t.topicDelete}
              </button>
            </form>
          </div>
        </section>
      ))}
    </NewsroomLayout>
  );
}
