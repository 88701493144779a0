// Charts drawn on the server as SVG: a horizontal bar chart and a line chart. Each is an image
// to assistive technology (role="img", named by its <title> and described by its <desc>), needs
// no JavaScript, scales to its container and prints. A chart never stands alone: the page shows
// the same figures as a table beside it (the chart's `desc` says so).

const INK = '#1b1b1b';
const GRID = '#8a8a8a';
/** Series colours, dark enough against white for non-text contrast (3:1); lines also differ by dash. */
const COLOURS = ['#1a4f8b', '#a2401a', '#2d6a2e', '#6b3f8f'];
const DASHES = ['', '6 4', '2 3', '10 3 2 3'];

const fmt = (n: number) => n.toLocaleString('en-US');

/** A round step for an axis whose largest value is `max`: 1, 2 or 5 times a power of ten. */
export function niceStep(max: number, ticks = 4): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  return Math.max(1, step);
}

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars, one row per label, the value written at the end of each bar. */
export function BarChart(p: { id: string; title: string; desc: string; bars: readonly Bar[]; format?: (n: number) => string }) {
  const f = p.format ?? fmt;
  const row = 26;
  const labelW = 240;
  const chartW = 300;
  const valueW = 110;
  const top = 8;
  const height = top + Math.max(1, p.bars.length) * row + 8;
  const width = labelW + chartW + valueW;
  const max = Math.max(0, ...p.bars.map((b) => b.value));
  const scale = (v: number) => (max > 0 ? (Math.max(0, v) / max) * chartW : 0);
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${p.id}-title ${p.id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{p.desc}</desc>
      <line x1={labelW} x2={labelW} y1={top - 4} y2={height - 4} stroke={GRID} stroke-width="1" />
      {p.bars.length === 0 ? (
        <text x={labelW + 8} y={top + 17} fill={INK} font-size="13">
          No figures to show.
        </text>
      ) : (
        p.bars.map((b, i) => {
          const y = top + i * row;
          const w = scale(b.value);
          return (
            <g key={b.label}>
              <text x={labelW - 8} y={y + 17} text-anchor="end" fill={INK} font-size="13">
                {b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 4} width={w} height={row - 8} fill={COLOURS[0]} />
              <text x={labelW + w + 6} y={y + 17} fill={INK} font-size="13">
                {f(b.value)}
              </text>
            </g>
          );
        })
      )}
    </svg>
  );
}

export interface Series {
  name: string;
  values: readonly number[];
}

/** Lines over labelled points (dates, say), from zero up, with a legend when there are several. */
export function LineChart(p: { id: string; title: string; desc: string; labels: readonly string[]; series: readonly Series[]; format?: (n: number) => string }) {
  const f = p.format ?? fmt;
  const left = 64;
  const right = 16;
  const top = 16;
  const plotH = 200;
  const legendH = p.series.length > 1 ? 24 * p.series.length : 0;
  const width = 600;
  const height = top + plotH + 44 + legendH;
  const plotW = width - left - right;
  const max = Math.max(0, ...p.series.flatMap((s) => s.values));
  const step = niceStep(max);
  const top_ = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top_; v += step) ticks.push(v);
  const n = p.labels.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => top + plotH - (v / top_) * plotH;
  // at most ~8 labels on the x axis, always the first and the last
  const every = Math.max(1, Math.ceil(n / 8));
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${p.id}-title ${p.id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{p.desc}</desc>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} stroke={GRID} stroke-width="0.5" />
          <text x={left - 6} y={y(t) + 4} text-anchor="end" fill={INK} font-size="12">
            {f(t)}
          </text>
        </g>
      ))}
      {p.labels.map((l, i) =>
        i % every === 0 || i === n - 1 ? (
          <text key={l} x={x(i)} y={top + plotH + 18} text-anchor="middle" fill={INK} font-size="12">
            {l}
          </text>
        ) : null,
      )}
      {p.series.map((s, si) => (
        <g key={s.name}>
          <polyline
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
            fill="none"
            stroke={COLOURS[si % COLOURS.length]}
            stroke-width="2.5"
            stroke-dasharray={DASHES[si % DASHES.length] || undefined}
          />
          {s.values.map((v, i) => (
            <circle key={p.labels[i]} cx={x(i)} cy={y(v)} r="3" fill={COLOURS[si % COLOURS.length]} />
          ))}
        </g>
      ))}
      {p.series.length > 1
        ? p.series.map((s, si) => {
            const ly = top + plotH + 40 + si * 24;
            return (
              <g key={`legend-${s.name}`}>
                <line
                  x1={left}
                  x2={left + 32}
                  y1={ly - 4}
                  y2={ly - 4}
                  stroke={COLOURS[si % COLOURS.length]}
                  stroke-width="2.5"
                  stroke-dasharray={DASHES[si % DASHES.length] || undefined}
                />
                <text x={left + 40} y={ly} fill={INK} font-size="12">
                  {s.name}
                </text>
              </g>
            );
          })
        : null}
    </svg>
  );
}
