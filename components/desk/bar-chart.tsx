const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 44, right: 8, top: 18, bottom: 26 };

export interface Bar {
  label: string;
  value: number;
  /** What the bar's value says in words (for the text equivalent). */
  text: string;
}

interface Props {
  title: string;
  bars: Bar[];
  /** The top of the value axis (at least the largest bar). */
  max?: number;
  /** How a value reads on the axis and over its bar ("67 %", "4"). */
  format?: (value: number) => string;
  /** Values are counts: the middle tick is a whole number too, drawn where that number is. */
  wholeNumbers?: boolean;
  testId: string;
  labelEvery?: number;
}

/** 0, the middle and the top; for a few whole numbers, each of them (0, 1, 2, 3, not 0, 2, 3). */
function ticksOf(top: number, wholeNumbers: boolean): number[] {
  if (wholeNumbers && top <= 4) return Array.from({ length: top + 1 }, (_, tick) => tick);
  return [...new Set([0, wholeNumbers ? Math.round(top / 2) : top / 2, top])];
}

/**
 * A plain SVG bar chart: a value axis with gridlines, each bar's value written over it, labels
 * under it, and a table that says the same. No chart library.
 */
export function BarChart({ title, bars, max, format = String, wholeNumbers = false, testId, labelEvery = 1 }: Props) {
  const top = Math.max(max ?? 0, ...bars.map((bar) => bar.value), wholeNumbers ? 1 : 1e-9);
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, bars.length);
  const y = (value: number) => HEIGHT - PAD.bottom - (value / top) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure className="desk-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {ticksOf(top, wholeNumbers).map((tick) => (
          <g key={tick} data-testid={`${testId}-tick`}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="desk-chart-grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="desk-chart-label">
              {format(tick)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const middle = PAD.left + index * step + step / 2;
          return (
            <g key={bar.label} data-testid={`${testId}-bar`} data-label={bar.label}>
              <rect x={middle - step * 0.35} y={y(bar.value)} width={step * 0.7} height={y(0) - y(bar.value)} className="desk-chart-bar" data-value={bar.value} />
              {/* Every bar with a value says it; an empty one says nothing (the axis' 0 does). */}
              {bar.value > 0 && (
                <text x={middle} y={y(bar.value) - 4} textAnchor="middle" className="desk-chart-value" data-testid={`${testId}-value`}>
                  {format(bar.value)}
                </text>
              )}
              {index % labelEvery === 0 && (
                <text x={middle} y={HEIGHT - 8} textAnchor="middle" className="desk-chart-label" data-testid={`${testId}-label`}>
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
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
