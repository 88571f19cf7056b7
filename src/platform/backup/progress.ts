/**
 * How backup and restore report progress: the CLI hands in its progress bars, tests hand
 * in nothing that prints. Kept here so platform code never imports the CLI.
 */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export type ProgressFor = (label: string) => Progress;
