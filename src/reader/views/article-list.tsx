/** A list of articles: headline link, one-paragraph summary, time (as the capture's feed). */
export interface ArticleListEntry {
  readonly url: string;
  readonly title: string;
  readonly summary: string;
  readonly time: { readonly iso: string; readonly text: string };
}

export function ArticleList(props: { items: readonly ArticleListEntry[]; headingLevel: 2 | 3 }): JSX.Element {
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="article-list">
      {props.items.map((item) => (
        <li class="article-list__item">
          <Heading class="article-list__title">
            <a href={item.url} safe>
              {item.title}
            </a>
          </Heading>
          {item.summary ? (
            <p class="article-list__summary" safe>
              {item.summary}
            </p>
          ) : (
            ''
          )}
          <time class="article-list__time" datetime={item.time.iso} safe>
            {item.time.text}
          </time>
        </li>
      ))}
    </ul>
  );
}
