import type { DeskMinute } from "../../party/shared/protocol";

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

/**
 * Readers online per minute over the last half hour (the most at once in each minute): an SVG
 * with axes and labels, and the same figures as text.
 */
export function MinuteChart({ minutes }: { minutes: DeskMinute[] }) {
  const top = Math.max(2, ...minutes.map((minute) => minute.online));
  const x = (index: number) => PAD.left + (index / Math.max(1, minutes.length - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (online: number) => HEIGHT - PAD.bottom - (online / top) * (HEIGHT - PAD.top - PAD.bottom);
  const line = minutes.map((minute, index) => `${x(index).toFixed(1)},${y(minute.online).toFixed(1)}`).join(" ");
  const area = `${x(0)},${y(0)} ${line} ${x(minutes.length - 1)},${y(0)}`;
  const ticks = [0, Math.round(top / 2), top];
  const thisMinute = minutes.at(-1)?.online ?? 0;
  const peak = Math.max(0, ...minutes.map((minute) => minute.online));
  return (
    <figure className="desk-chart" data-testid="minute-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="minute-chart-title">
        <title id="minute-chart-title">{`Readers online per minute, last 30 minutes: at most ${thisMinute} this minute, ${peak} at the most`}</title>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="desk-chart-grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="desk-chart-label">
              {tick}
            </text>
          </g>
        ))}
        <polygon points={area} className="desk-chart-area" />
        <polyline points={line} className="desk-chart-line" data-testid="minute-chart-line" />
        {["30 min ago", "15 min ago", "now"].map((label, index) => (
          <text key={label} x={x(((minutes.length - 1) * index) / 2)} y={HEIGHT - 8} textAnchor={index === 0 ? "start" : index === 2 ? "end" : "middle"} className="desk-chart-label">
            {label}
          </text>
        ))}
      </svg>
      <figcaption>
        Readers online per minute, last 30 minutes: at most <span data-testid="minute-chart-this-minute">{thisMinute}</span> this minute, {peak} at the most.
      </figcaption>
    </figure>
  );
}
