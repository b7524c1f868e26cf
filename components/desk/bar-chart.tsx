const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 36, right: 8, top: 10, bottom: 26 };

export interface Bar {
  label: string;
  value: number;
  /** What the bar's value says in words (for the text equivalent). */
  text: string;
}

/** A plain SVG bar chart with axes and labels, and a table that says the same. No chart library. */
export function BarChart({ title, bars, max, testId, labelEvery = 1 }: { title: string; bars: Bar[]; max?: number; testId: string; labelEvery?: number }) {
  const top = Math.max(max ?? 0, ...bars.map((bar) => bar.value), 1e-9);
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, bars.length);
  const height = (value: number) => (value / top) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure className="desk-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="desk-chart-grid" />
        {bars.map((bar, index) => (
          <g key={bar.label}>
            <rect
              x={PAD.left + index * step + step * 0.15}
              y={HEIGHT - PAD.bottom - height(bar.value)}
              width={step * 0.7}
              height={height(bar.value)}
              className="desk-chart-bar"
              data-value={bar.value}
            />
            {index % labelEvery === 0 && (
              <text x={PAD.left + index * step + step / 2} y={HEIGHT - 8} textAnchor="middle" className="desk-chart-label">
                {bar.label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
      {/* A table ignores a 1px width: its hidden box is the wrapper. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                <td>{bar.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
