/**
 * The 正在阅读 bar appears once the headline scrolls away. CSS scroll-driven animations
 * do this with no script; where a browser lacks them, an IntersectionObserver does.
 */
export function enhanceReadingBar(): void {
  const bar = document.querySelector<HTMLElement>('.reading-bar');
  const title = document.querySelector<HTMLElement>('.article__title');
  if (!bar || !title) return;
  if (window.CSS?.supports?.('animation-timeline: view()')) return;
  if (!('IntersectionObserver' in window)) return;
  const observer = new IntersectionObserver(([entry]) => {
    if (!entry) return;
    const gone = !entry.isIntersecting && entry.boundingClientRect.bottom < 0;
    bar.classList.toggle('reading-bar--visible', gone);
  });
  observer.observe(title);
}
