/**
 * 加载更多: fetch the next page's items and append them, instead of following the link
 * to the next page (which is what happens without JavaScript).
 */
export function enhanceLoadMore(): void {
  const list = document.querySelector<HTMLElement>('[data-feed-list]');
  if (!list) return;
  const wire = (link: HTMLAnchorElement) => {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      if (link.getAttribute('aria-busy') === 'true') return;
      link.setAttribute('aria-busy', 'true');
      const label = link.textContent;
      link.textContent = link.dataset.loading ?? label;
      const url = new URL(link.href);
      url.searchParams.set('fragment', '1');
      url.hash = '';
      fetch(url, { headers: { accept: 'text/html' } })
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
        .then((html) => {
          const tpl = document.createElement('template');
          tpl.innerHTML = html;
          const next = tpl.content.querySelector<HTMLAnchorElement>('[data-load-more]');
          next?.remove();
          const firstNew = tpl.content.querySelector<HTMLElement>('li');
          list.append(tpl.content);
          if (next) {
            link.replaceWith(next);
            wire(next);
          } else {
            link.remove();
          }
          // Keyboard and screen-reader users continue from the first new item.
          const target = firstNew?.querySelector<HTMLAnchorElement>('a');
          target?.focus({ preventScroll: true });
        })
        .catch(() => {
          window.location.href = link.href;
        });
    });
  };
  const first = document.querySelector<HTMLAnchorElement>('[data-load-more]');
  if (first) wire(first);
}
