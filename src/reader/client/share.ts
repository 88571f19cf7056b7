/**
 * Share: the system share sheet where the browser has one (Web Share API), a copy-link
 * button where the clipboard is available, and an overlay in WeChat that closes on tap.
 */
export function enhanceShare(): void {
  for (const details of document.querySelectorAll<HTMLDetailsElement>('details.share')) {
    const summary = details.querySelector('summary');
    if (!summary) continue;
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && details.open) {
        details.open = false;
        summary.focus();
      }
    });
    if (details.dataset.share === 'wechat') {
      details.querySelector('.wechat-guide')?.addEventListener('click', () => {
        details.open = false;
      });
      continue;
    }
    const url = details.dataset.shareUrl ?? location.href;
    const title = details.dataset.shareTitle ?? document.title;
    if (typeof navigator.share === 'function') {
      summary.addEventListener('click', (e) => {
        e.preventDefault();
        navigator.share({ title, url }).catch((err: unknown) => {
          if (!(err instanceof DOMException && err.name === 'AbortError')) details.open = true;
        });
      });
    }
    const copy = details.querySelector<HTMLButtonElement>('.share__copy');
    const status = details.querySelector<HTMLElement>('.share__status');
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener('click', () => {
        navigator.clipboard.writeText(url).then(
          () => {
            if (status) status.textContent = copy.dataset.copied ?? '';
          },
          () => details.querySelector<HTMLInputElement>('.share__link input')?.select(),
        );
      });
    }
  }
}
