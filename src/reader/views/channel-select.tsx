/** The channel filter shared by the search and ranking forms: "all channels" then each one. */
export interface ChannelOption {
  readonly path: string;
  readonly name: string;
}

export function ChannelSelect(props: {
  channels: ReadonlyArray<ChannelOption>;
  selected: string;
  allLabel: string;
  ariaLabel?: string;
}): JSX.Element {
  return (
    <select name="channel" aria-label={props.ariaLabel}>
      <option value="" safe>
        {props.allLabel}
      </option>
      {props.channels.map((c) => (
        <option value={c.path} selected={c.path === props.selected} safe>
          {c.name}
        </option>
      ))}
    </select>
  );
}
