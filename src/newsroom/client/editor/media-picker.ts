/**
 * A dialog to choose an image from the media library, or upload a new one, for the body
 * or the cover. Resolves with the chosen image, or null when closed.
 */
export interface PickedMedia {
  id: number;
  url: string;
  alt: string;
  caption: string;
  credit: string;
}

interface Labels {
  [key: string]: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

export function openMediaPicker(opts: { csrf: string; labels: Labels }): Promise<PickedMedia | null> {
  const L = opts.labels;
  return new Promise((resolve) => {
    const dialog = el('dialog', { className: 'ed-picker' });
    dialog.setAttribute('aria-label', L.pickImage ?? 'Choose an image');
    const heading = el('h2', { textContent: L.pickImage ?? 'Choose an image' });
    const upload = el('form', { className: 'ed-picker__upload' });
    const file = el('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif', name: 'file' });
    const fileLabel = el('label', { textContent: L.upload ?? 'Upload' });
    fileLabel.append(file);
    const message = el('p', { className: 'ed-picker__message' });
    message.setAttribute('role', 'status');
    upload.append(fileLabel, message);
    const grid = el('ul', { className: 'ed-picker__grid' });
    const close = el('button', { type: 'button', textContent: L.close ?? 'Close', className: 'btn' });
    dialog.append(heading, upload, grid, close);
    document.body.append(dialog);

    let settled = false;
    const finish = (value: PickedMedia | null) => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    close.addEventListener('click', () => finish(null));
    dialog.addEventListener('close', () => finish(null));

    const show = (items: PickedMedia[]) => {
      grid.replaceChildren(
        ...items.map((m) => {
          const li = el('li');
          const pick = el('button', { type: 'button', className: 'ed-picker__item' });
          pick.setAttribute('aria-label', `${L.insert ?? 'Insert'} ${m.alt || m.caption || `#${m.id}`}`);
          pick.append(el('img', { src: m.url, alt: '' }));
          pick.addEventListener('click', () => finish(m));
          li.append(pick);
          return li;
        }),
      );
    };

    fetch('/newsroom/media.json', { headers: { accept: 'application/json' } })
      .then((r) => r.json() as Promise<{ items: PickedMedia[] }>)
      .then((data) => show(data.items))
      .catch(() => {
        message.textContent = L.loadFailed ?? 'Could not load the media library';
      });

    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      const body = new FormData();
      body.append('_csrf', opts.csrf);
      body.append('file', chosen);
      message.textContent = L.uploading ?? 'Uploading…';
      fetch('/newsroom/media', { method: 'POST', body, headers: { accept: 'application/json', 'x-csrf-token': opts.csrf } })
        .then(async (r) => {
          const json = (await r.json()) as { media?: PickedMedia; error?: { message: string; detail?: string } };
          if (!r.ok || !json.media) throw new Error(json.error ? `${json.error.message}${json.error.detail ? `: ${json.error.detail}` : ''}` : String(r.status));
          finish(json.media);
        })
        .catch((error: unknown) => {
          message.textContent = error instanceof Error ? error.message : String(error);
        });
    });

    dialog.showModal();
  });
}
