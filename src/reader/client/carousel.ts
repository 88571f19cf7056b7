/**
 * 视觉焦点: previous/next buttons and arrow keys for the scroll-snapping strip. Scrolling
 * is smooth only when the reader has not asked for reduced motion (that is in the CSS).
 */
export function enhanceCarousels(): void {
  for (const block of document.querySelectorAll<HTMLElement>('[data-carousel]')) {
    const track = block.querySelector<HTMLElement>('.focus__track');
    if (!track || track.children.length < 2) continue;
    const step = (direction: 1 | -1) => {
      const slide = track.firstElementChild as HTMLElement | null;
      track.scrollBy({ left: direction * (slide?.offsetWidth ?? track.clientWidth) });
    };
    const controls = document.createElement('div');
    controls.className = 'focus__controls';
    for (const [label, direction] of [
      [track.dataset.prev ?? '‹', -1],
      [track.dataset.next ?? '›', 1],
    ] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.addEventListener('click', () => step(direction));
      controls.append(button);
    }
    track.after(controls);
    track.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight') step(1);
      else if (e.key === 'ArrowLeft') step(-1);
      else return;
      e.preventDefault();
    });
  }
}
