/**
 * A bar chart drawn as inline SVG on the server (no chart library, no script), with the
 * same numbers in a table for screen readers.
 */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

export function BarChart(props: { title: string; bars: readonly Bar[]; describe: (label: string, value: number) => string }): JSX.Element {
  const { bars } = props;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const w = 24;
  const gap = 6;
  const h = 120;
  const width = bars.length * (w + gap);
  return (
    <figure class="nr-chart">
      <figcaption safe>{props.title}</figcaption>
      <svg class="chart" viewBox={`0 0 ${width} ${h + 30}`} role="img" aria-label={props.title}>
        {bars.map((b, i) => {
          const bh = Math.round((b.value / max) * h);
          return (
            <g>
              <title safe>{props.describe(b.label, b.value)}</title>
              <rect x={String(i * (w + gap))} y={String(h - bh)} width={String(w)} height={String(Math.max(bh, 1))} />
              <text x={String(i * (w + gap) + w / 2)} y={String(h + 12)} text-anchor="middle" safe>
                {b.label.slice(-5)}
              </text>
              <text x={String(i * (w + gap) + w / 2)} y={String(Math.max(h - bh - 3, 10))} text-anchor="middle" safe>
                {String(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <tbody>
          {bars.map((b) => (
            <tr>
              <th scope="row" safe>
                {b.label}
              </th>
              <td safe>{String(b.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
