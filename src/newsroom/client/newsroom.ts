/** Enhancements on every newsroom page: a confirmation before destructive actions. */
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
  form.addEventListener('submit', (e) => {
    if (!window.confirm(form.dataset.confirm ?? '')) e.preventDefault();
  });
}
