/**
 * Without script the fold is a checkbox and its label (a CSS toggle). With script it
 * becomes a real button that says whether the text is expanded, and moves focus to the
 * text it revealed so keyboard and screen-reader users carry on reading.
 */
export function enhanceFold(): void {
  const fold = document.querySelector<HTMLElement>('.fold--long');
  const toggle = fold?.querySelector<HTMLInputElement>('.fold__toggle');
  const label = fold?.querySelector<HTMLLabelElement>('.fold__more');
  const content = fold?.querySelector<HTMLElement>('.fold__content');
  if (!fold || !toggle || !label || !content) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = label.className;
  button.innerHTML = label.innerHTML;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', content.id);
  button.addEventListener('click', () => {
    fold.classList.add('fold--open');
    button.setAttribute('aria-expanded', 'true');
    content.focus({ preventScroll: true });
  });
  toggle.remove();
  label.replaceWith(button);
}
