export interface Channel {
  readonly id: number;
  readonly parentId: number | null;
  readonly slug: string;
  readonly name: string;
  /** Slugs joined by '/', '' for the root. */
  readonly path: string;
  readonly position: number;
}

/** The reader URL of a channel: / for the root, /local/society/ below it. */
export function channelUrl(channel: Pick<Channel, 'path'>): string {
  return channel.path === '' ? '/' : `/${channel.path}/`;
}
