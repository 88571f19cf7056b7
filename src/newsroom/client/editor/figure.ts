/**
 * An image from the media library, with its caption and credit, as one block in the
 * editor. It reads and writes the figure markup the server rebuilds on save:
 *   <figure data-media-id><img src alt><figcaption>caption<small class="credit">credit</small></figcaption></figure>
 * Caption, credit and alt text are edited in fields inside the block.
 */
import { Node, mergeAttributes } from '@tiptap/core';

export interface FigureAttrs {
  mediaId: number;
  src: string;
  alt: string;
  caption: string;
  credit: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    figure: { insertFigure: (attrs: FigureAttrs) => ReturnType };
  }
}

export interface FigureLabels {
  caption: string;
  credit: string;
  alt: string;
  remove: string;
}

export function createFigure(labels: FigureLabels) {
  return Node.create({
    name: 'figure',
    group: 'block',
    atom: true,
    draggable: true,
    addAttributes() {
      return {
        mediaId: { default: 0, parseHTML: (el) => Number(el.getAttribute('data-media-id')) || 0, renderHTML: (a) => ({ 'data-media-id': a.mediaId }) },
        src: { default: '', parseHTML: (el) => el.querySelector('img')?.getAttribute('src') ?? '', renderHTML: () => ({}) },
        alt: { default: '', parseHTML: (el) => el.querySelector('img')?.getAttribute('alt') ?? '', renderHTML: () => ({}) },
        credit: { default: '', parseHTML: (el) => el.querySelector('figcaption small')?.textContent ?? '', renderHTML: () => ({}) },
        caption: {
          default: '',
          parseHTML: (el) => {
            const cap = el.querySelector('figcaption')?.cloneNode(true) as HTMLElement | undefined;
            cap?.querySelector('small')?.remove();
            return cap?.textContent?.trim() ?? '';
          },
          renderHTML: () => ({}),
        },
      };
    },
    parseHTML() {
      return [{ tag: 'figure[data-media-id]' }];
    },
    renderHTML({ node, HTMLAttributes }) {
      const a = node.attrs as FigureAttrs;
      return [
        'figure',
        mergeAttributes(HTMLAttributes),
        ['img', { src: a.src, alt: a.alt }],
        ['figcaption', {}, a.caption, ['small', { class: 'credit' }, a.credit]],
      ];
    },
    addCommands() {
      return {
        insertFigure:
          (attrs) =>
          ({ commands }) =>
            commands.insertContent({ type: this.name, attrs }),
      };
    },
    addNodeView() {
      return ({ node, getPos, editor }) => {
        let current = node;
        const dom = document.createElement('figure');
        dom.className = 'ed-figure';
        const img = document.createElement('img');
        const fields = document.createElement('div');
        fields.className = 'ed-figure__fields';
        const inputs = new Map<keyof FigureAttrs, HTMLInputElement>();
        for (const key of ['caption', 'credit', 'alt'] as const) {
          const label = document.createElement('label');
          label.textContent = labels[key];
          const input = document.createElement('input');
          input.type = 'text';
          input.addEventListener('change', () => {
            const pos = getPos();
            if (typeof pos !== 'number') return;
            editor.view.dispatch(editor.view.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, [key]: input.value }));
          });
          label.append(input);
          fields.append(label);
          inputs.set(key, input);
        }
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = labels.remove;
        remove.addEventListener('click', () => {
          const pos = getPos();
          if (typeof pos === 'number') editor.view.dispatch(editor.view.state.tr.delete(pos, pos + current.nodeSize));
        });
        fields.append(remove);
        dom.append(img, fields);
        const render = () => {
          const a = current.attrs as FigureAttrs;
          img.src = a.src;
          img.alt = a.alt;
          for (const [key, input] of inputs) if (document.activeElement !== input) input.value = String(a[key] ?? '');
        };
        render();
        return {
          dom,
          update: (next) => {
            if (next.type !== current.type) return false;
            current = next;
            render();
            return true;
          },
          // Typing in the caption fields belongs to the fields, not to the document.
          stopEvent: (event) => event.target instanceof HTMLInputElement || event.target instanceof HTMLButtonElement,
          ignoreMutation: () => true,
        };
      };
    },
  });
}
