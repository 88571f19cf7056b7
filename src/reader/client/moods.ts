/**
 * The mood poll in place: a vote is posted as JSON and the counts update without leaving
 * the page. On load the counts and the reader's own choice are fetched fresh, so a page
 * served from a cache (or a CDN) never shows stale counts for long.
 */
interface MoodJson {
  moods: Array<{ key: string; name: string; count: number }>;
  choice: string | null;
}

export function enhanceMoods(): void {
  const block = document.querySelector<HTMLElement>('[data-moods]');
  const form = block?.querySelector('form');
  const status = block?.querySelector<HTMLElement>('.moods__status');
  if (!block || !form || !status) return;
  const url = block.dataset.moods ?? '';

  const show = (data: MoodJson) => {
    for (const m of data.moods) {
      const button = block.querySelector<HTMLButtonElement>(`[data-mood="${CSS.escape(m.key)}"]`);
      if (!button) continue;
      const count = button.querySelector('[data-count]');
      if (count) count.textContent = String(m.count);
      button.setAttribute('aria-pressed', String(data.choice === m.key));
      button.setAttribute('aria-label', `${m.name}，${m.count}`);
    }
  };

  fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then((r) => (r.ok ? (r.json() as Promise<MoodJson>) : null))
    .then((data) => {
      if (!data) return;
      show(data);
      const mine = data.moods.find((m) => m.key === data.choice);
      if (mine && !status.textContent) status.textContent = (status.dataset.yourChoice ?? '').replace('{name}', mine.name);
    })
    .catch(() => undefined);

  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!submitter?.value) return;
    event.preventDefault();
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ mood: submitter.value }),
    })
      .then(async (r) => {
        const data = (await r.json()) as MoodJson & { error?: { message: string } };
        if (!r.ok) {
          status.textContent = data.error?.message ?? '';
          return;
        }
        show(data);
        status.textContent = (status.dataset.yourChoice ?? '').replace('{name}', submitter.dataset.name ?? '');
      })
      .catch(() => form.submit());
  });
}
