/**
 * A readable diff of two texts, word by word. Chinese has no spaces, so words come from
 * Intl.Segmenter (good enough to show an editor what changed; search and related reading
 * use a dictionary segmenter). The diff itself is jsdiff's.
 */
import { diffArrays } from 'diff';

export interface DiffPart {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

function tokens(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

export function diffText(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(tokens(before), tokens(after))) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const text = change.value.join('');
    const last = parts.at(-1);
    if (last && last.kind === kind) parts[parts.length - 1] = { kind, text: last.text + text };
    else parts.push({ kind, text });
  }
  return parts;
}

export function hasChanges(parts: readonly DiffPart[]): boolean {
  return parts.some((p) => p.kind !== 'same');
}
