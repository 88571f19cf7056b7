/**
 * The article editor (TipTap on ProseMirror), mounted over the body <textarea> of the
 * article form. Without this script the textarea still edits the body as HTML, and the
 * server sanitises whatever arrives.
 *
 * Chinese input: no placeholder or other decoration is drawn inside empty paragraphs,
 * because decorations there are what break IME composition in other editors.
 */
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { measureText } from '../../../shared/reading.ts';
import { createFigure, type FigureAttrs } from './figure.ts';
import { openMediaPicker } from './media-picker.ts';
import { cleanPastedHtml } from './paste.ts';

interface Labels {
  [key: string]: string;
}

function labelsOf(root: HTMLElement): Labels {
  try {
    return JSON.parse(root.dataset.labels ?? '{}') as Labels;
  } catch {
    return {};
  }
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'ed-tool';
  b.textContent = label;
  b.setAttribute('aria-pressed', 'false');
  // A click must leave the caret in the text: were the button to take focus, the editor would
  // get it back only a frame later, and Pinyin typed at once would land in the wrong block.
  b.addEventListener('mousedown', (event) => event.preventDefault());
  b.addEventListener('click', onClick);
  return b;
}

function mount(root: HTMLElement): void {
  const form = root.closest('form');
  const textarea = root.querySelector<HTMLTextAreaElement>('textarea[name="bodyHtml"]');
  if (!form || !textarea) return;
  const L = labelsOf(root);
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';

  const toolbar = document.createElement('div');
  toolbar.className = 'ed-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', L.toolbar ?? 'Formatting');
  const surface = document.createElement('div');
  surface.className = 'ed-surface';
  textarea.hidden = true;
  textarea.after(toolbar, surface);
  root.classList.add('ed--ready');

  const status = document.querySelector<HTMLElement>('[data-editor-count]');
  const updateCount = (text: string) => {
    if (!status) return;
    const m = measureText(text);
    status.textContent = `${(L.chars ?? '{n}').replace('{n}', String(m.chars))} · ${(L.minutes ?? '{n}').replace('{n}', String(m.minutes))}`;
  };

  let dirty = false;
  const editor = new Editor({
    element: surface,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
      }),
      createFigure({ caption: L.caption ?? 'Caption', credit: L.credit ?? 'Credit', alt: L.alt ?? 'Alt', remove: L.remove ?? 'Remove' }),
    ],
    content: textarea.value,
    editorProps: {
      attributes: { class: 'ed-content article__body', role: 'textbox', 'aria-multiline': 'true', 'aria-label': L.body ?? 'Body' },
      transformPastedHTML: cleanPastedHtml,
    },
    onUpdate: ({ editor: e }) => {
      textarea.value = e.getHTML();
      dirty = true;
      updateCount(e.getText());
    },
    onSelectionUpdate: () => refresh(),
    onTransaction: () => refresh(),
  });
  updateCount(editor.getText());

  const tools: Array<[HTMLButtonElement, () => boolean]> = [];
  const add = (label: string, run: () => void, active: () => boolean = () => false) => {
    const b = button(label, () => {
      run();
      editor.commands.focus();
    });
    toolbar.append(b);
    tools.push([b, active]);
  };
  add(L.paragraph ?? 'P', () => editor.chain().setParagraph().run(), () => editor.isActive('paragraph'));
  add(L.h2 ?? 'H2', () => editor.chain().toggleHeading({ level: 2 }).run(), () => editor.isActive('heading', { level: 2 }));
  add(L.h3 ?? 'H3', () => editor.chain().toggleHeading({ level: 3 }).run(), () => editor.isActive('heading', { level: 3 }));
  add(L.bold ?? 'B', () => editor.chain().toggleBold().run(), () => editor.isActive('bold'));
  add(L.italic ?? 'I', () => editor.chain().toggleItalic().run(), () => editor.isActive('italic'));
  add(L.quote ?? 'Quote', () => editor.chain().toggleBlockquote().run(), () => editor.isActive('blockquote'));
  add(L.bulletList ?? 'List', () => editor.chain().toggleBulletList().run(), () => editor.isActive('bulletList'));
  add(L.orderedList ?? '1.', () => editor.chain().toggleOrderedList().run(), () => editor.isActive('orderedList'));
  add(
    L.link ?? 'Link',
    () => {
      const previous = (editor.getAttributes('link').href as string | undefined) ?? '';
      const href = window.prompt(L.linkPrompt ?? 'URL', previous);
      if (href === null) return;
      if (href.trim() === '') editor.chain().extendMarkRange('link').unsetLink().run();
      else editor.chain().extendMarkRange('link').setLink({ href: href.trim() }).run();
    },
    () => editor.isActive('link'),
  );
  add(L.image ?? 'Image', () => {
    void openMediaPicker({ csrf, labels: L }).then((m) => {
      if (!m) return;
      const attrs: FigureAttrs = { mediaId: m.id, src: m.url, alt: m.alt, caption: m.caption, credit: m.credit };
      editor.chain().focus().insertFigure(attrs).run();
    });
  });
  add(L.undo ?? 'Undo', () => editor.chain().undo().run());
  add(L.redo ?? 'Redo', () => editor.chain().redo().run());

  function refresh() {
    for (const [b, active] of tools) b.setAttribute('aria-pressed', String(active()));
  }

  // The cover image picker beside the form's cover field.
  const coverButton = document.querySelector<HTMLButtonElement>('[data-pick-cover]');
  const coverInput = document.querySelector<HTMLInputElement>('input[name="coverMediaId"]');
  const coverPreview = document.querySelector<HTMLImageElement>('[data-cover-preview]');
  if (coverButton && coverInput) {
    coverButton.hidden = false;
    coverButton.addEventListener('click', () => {
      void openMediaPicker({ csrf, labels: L }).then((m) => {
        if (!m) return;
        coverInput.value = String(m.id);
        if (coverPreview) {
          coverPreview.src = m.url;
          coverPreview.hidden = false;
        }
        dirty = true;
      });
    });
  }

  // Autosave: every 15 s while there are unsaved changes; the server keeps it as a revision.
  const autosaveUrl = form.dataset.autosaveUrl;
  const live = document.querySelector<HTMLElement>('[data-autosave-status]');
  form.addEventListener('input', () => {
    dirty = true;
  });
  form.addEventListener('submit', () => {
    textarea.value = editor.getHTML();
    dirty = false;
  });
  if (autosaveUrl) {
    setInterval(() => {
      if (!dirty) return;
      dirty = false;
      textarea.value = editor.getHTML();
      const body = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (typeof v === 'string') body.append(k, v);
      fetch(autosaveUrl, { method: 'POST', body, headers: { 'x-csrf-token': csrf, accept: 'application/json' } })
        .then(async (res) => {
          if (!res.ok) throw new Error(String(res.status));
          const json = (await res.json()) as { savedAt: string };
          if (live) live.textContent = (L.autosaved ?? '{t}').replace('{t}', json.savedAt);
        })
        .catch(() => {
          dirty = true;
          if (live) live.textContent = L.autosaveFailed ?? 'Autosave failed';
        });
    }, 15_000);
  }
  window.addEventListener('beforeunload', (e) => {
    if (dirty) e.preventDefault();
  });
}

for (const root of document.querySelectorAll<HTMLElement>('[data-editor]')) mount(root);
