// The network map: an SVG of the United States drawn on the server from us-atlas (Census
// TopoJSON) with d3-geo's Albers USA projection, so Alaska and Hawaii appear as insets. States are
// shaded by member count; members are circles and affiliates diamonds, each with a text
// alternative. No inline styles (CSP style-src 'self'): presentation attributes only.
//
// The state outlines are projected once per process, on the first call: each topology arc is
// simplified (Douglas–Peucker, half a pixel, in projected space, so shared borders stay shared),
// and paths are written with relative commands and one decimal — about 45 KB for all states.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type GeoContext, type GeoProjection, geoAlbersUsa, geoPath } from 'd3-geo';
import type { VNode } from 'preact';
import { feature } from 'topojson-client';
import type { Arc, GeometryCollection, Topology } from 'topojson-specification';
import { stateByFips, stateName } from '../../lib/us-states.js';

const require = createRequire(import.meta.url);

export interface NetworkMapPoint {
  latitude: number;
  longitude: number;
  label: string;
  kind: 'member' | 'affiliate';
}

export interface NetworkMapInput {
  title: string;
  description: string;
  /** Members per state, keyed by postal code ('AK', 'HI', 'DC', …); missing states count 0. */
  stateCounts: Record<string, number>;
  points: NetworkMapPoint[];
  /** Where a state's shape leads (its filter of the list); without it, states are not links. */
  stateHref?: (code: string) => string;
  /** The state the list is filtered to: outlined, and its link marked as the current one. */
  selectedState?: string;
  /** What the states count, singular and plural, in their names ("Illinois: 2 signatories");
   * members by default. */
  countWords?: readonly [string, string];
}

const WIDTH = 975;
const MAP_HEIGHT = 610;
const HEIGHT = MAP_HEIGHT;
/** Simplification tolerance, in pixels of the 975-wide view. */
const TOLERANCE = 0.5;

const BORDER = '#374151';
const ZERO_FILL = '#f2f2f2';
/** ColorBrewer Blues (sequential), light to dark; the fewer classes, the darker end is used. */
const PALETTE = ['#c6dbef', '#6baed6', '#2171b5', '#08306b'] as const;
/** Point fills: both at least 3:1 against white (orange 5.2:1, purple 6.9:1), outlined in white for dark states. */
const MEMBER_FILL = '#c2410c';
const AFFILIATE_FILL = '#7e22ce';
const MEMBER_RADIUS = 4;
const AFFILIATE_HALF = 5;

const TITLE_ID = 'network-map-title';
const DESC_ID = 'network-map-desc';

let projection: GeoProjection | undefined;

function getProjection(): GeoProjection {
  // precision(0): no adaptive resampling, the simplified arcs are drawn as they are.
  projection ??= geoAlbersUsa()
    .scale(1300)
    .translate([WIDTH / 2, MAP_HEIGHT / 2])
    .precision(0);
  return projection;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Where a point is drawn in the map's view (one decimal), or null when Albers USA does not cover it. */
export function projectPoint(latitude: number, longitude: number): [number, number] | null {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  const p = getProjection()([longitude, latitude]);
  if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
  return [round1(p[0]), round1(p[1])];
}

interface StateShape {
  code: string;
  name: string;
  d: string;
}

let shapes: StateShape[] | undefined;

/** Douglas–Peucker on one arc; distances in projected pixels, unprojectable points always kept. */
function simplifyArc(points: [number, number][], proj: GeoProjection): [number, number][] {
  if (points.length <= 2) return points;
  const xy = points.map((p) => proj(p));
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  for (let seg = stack.pop(); seg; seg = stack.pop()) {
    const [a, b] = seg;
    if (b - a < 2) continue;
    const A = xy[a];
    const B = xy[b];
    let max = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const P = xy[i];
      let dist: number;
      if (!A || !B || !P) dist = Number.POSITIVE_INFINITY;
      else {
        const dx = B[0] - A[0];
        const dy = B[1] - A[1];
        const len = Math.hypot(dx, dy);
        dist = len === 0 ? Math.hypot(P[0] - A[0], P[1] - A[1]) : Math.abs(dx * (A[1] - P[1]) - dy * (A[0] - P[0])) / len;
      }
      if (dist > max) {
        max = dist;
        at = i;
      }
    }
    if (max > TOLERANCE) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** A d3-geo path context writing compact relative SVG path data, rounded to one decimal. */
function compactPath() {
  let d = '';
  let lx = 0;
  let ly = 0;
  let run = false;
  const num = (n: number) => {
    const s = String(n / 10);
    return s.startsWith('0.') ? s.slice(1) : s.startsWith('-0.') ? `-${s.slice(2)}` : s;
  };
  const ctx: GeoContext = {
    beginPath() {},
    arc() {},
    moveTo(x, y) {
      lx = Math.round(x * 10);
      ly = Math.round(y * 10);
      d += `M${num(lx)} ${num(ly)}`;
      run = false;
    },
    lineTo(x, y) {
      const X = Math.round(x * 10);
      const Y = Math.round(y * 10);
      if (X === lx && Y === ly) return;
      const dx = num(X - lx);
      const dy = num(Y - ly);
      d += `${run ? (dx.startsWith('-') ? '' : ' ') : 'l'}${dx}${dy.startsWith('-') ? '' : ' '}${dy}`;
      run = true;
      lx = X;
      ly = Y;
    },
    closePath() {
      d += 'z';
      run = false;
    },
  };
  return { ctx, take: () => d };
}

function getShapes(): StateShape[] {
  if (shapes) return shapes;
  const topo = JSON.parse(readFileSync(require.resolve('us-atlas/states-10m.json'), 'utf8')) as Topology<{
    states: GeometryCollection<{ name: string }>;
  }>;
  const proj = getProjection();
  const [sx, sy] = topo.transform?.scale ?? [1, 1];
  const [tx, ty] = topo.transform?.translate ?? [0, 0];
  const arcs: Arc[] = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const abs = arc.map(([dx, dy]): [number, number] => {
      x += dx ?? 0;
      y += dy ?? 0;
      return topo.transform ? [x * sx + tx, y * sy + ty] : [dx ?? 0, dy ?? 0];
    });
    return simplifyArc(abs, proj);
  });
  const simplified: Topology<{ states: GeometryCollection<{ name: string }> }> = { type: 'Topology', objects: topo.objects, arcs };
  const out: StateShape[] = [];
  for (const f of feature(simplified, simplified.objects.states).features) {
    const code = stateByFips(String(f.id));
    if (!code) continue;
    const path = compactPath();
    geoPath(proj, path.ctx)(f);
    const d = path.take();
    if (!d) continue; // territories outside Albers USA
    out.push({ code, name: stateName(code) || f.properties.name, d });
  }
  out.sort((a, b) => a.name.localeCompare(b.name));
  shapes = out;
  return out;
}

interface ColourClass {
  min: number;
  max: number;
  fill: string;
}

/** Rounds an upper bound up to a number people read easily (1–9, then 2 significant figures ending in 0 or 5). */
function niceUpper(n: number): number {
  if (n < 10) return Math.ceil(n);
  const step = 10 ** (Math.floor(Math.log10(n)) - 1) * 5;
  return Math.ceil(n / step) * step;
}

/** The colour classes for the counts: 0 on its own, then up to four ranges from the quartiles of the non-zero counts. */
function colourClasses(counts: number[]): ColourClass[] {
  const zero: ColourClass = { min: 0, max: 0, fill: ZERO_FILL };
  const values = counts.filter((n) => n > 0).sort((a, b) => a - b);
  const top = values[values.length - 1];
  if (top === undefined) return [zero];
  let uppers: number[];
  if (top <= PALETTE.length) uppers = Array.from({ length: top }, (_, i) => i + 1);
  else {
    uppers = [];
    for (const q of [0.25, 0.5, 0.75]) {
      const v = niceUpper(values[Math.floor(q * (values.length - 1))] ?? top);
      if (v < top && v > (uppers[uppers.length - 1] ?? 0)) uppers.push(v);
    }
    uppers.push(top);
  }
  const palette = PALETTE.slice(PALETTE.length - uppers.length);
  return [zero, ...uppers.map((max, i) => ({ min: (uppers[i - 1] ?? 0) + 1, max, fill: palette[i] ?? PALETTE[3] }))];
}

const rangeLabel = (c: ColourClass) => (c.min === c.max ? String(c.min) : `${c.min}–${c.max}`);
const countText = (n: number, words: readonly [string, string] = ['member', 'members']) => `${n} ${n === 1 ? words[0] : words[1]}`;
const diamond = (x: number, y: number, h: number) => `M${round1(x)} ${round1(y - h)}l${h} ${h}-${h} ${h}-${h}-${h}z`;

const countIn = (counts: Record<string, number>, code: string) => {
  const n = counts[code];
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
};

/** A swatch of the legend: a small SVG beside its words, hidden from assistive technology (the words say it). */
function Swatch(props: { children: VNode }) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width={20} height={20} viewBox="0 0 20 20" aria-hidden="true" focusable="false" class="swatch">
      {props.children}
    </svg>
  );
}

/**
 * The map's legend, in HTML beside the SVG rather than inside it: text inside the SVG shrinks with
 * the map (to about 5 px at 390 px wide), HTML text keeps the page's size and wraps.
 */
export function NetworkMapLegend(props: { stateCounts: Record<string, number> }) {
  const classes = colourClasses(getShapes().map((s) => countIn(props.stateCounts, s.code)));
  return (
    <div class="map-legend">
      <p class="map-legend-title" id="map-legend-states">
        Members per state
      </p>
      <ul aria-labelledby="map-legend-states">
        {classes.map((c) => (
          <li key={rangeLabel(c)}>
            <Swatch>
              <rect x={1} y={1} width={18} height={18} fill={c.fill} stroke={BORDER} stroke-width={1} />
            </Swatch>
            {rangeLabel(c)}
          </li>
        ))}
      </ul>
      <p class="map-legend-title" id="map-legend-points">
        Points
      </p>
      <ul aria-labelledby="map-legend-points">
        <li>
          <Swatch>
            <circle cx={10} cy={10} r={MEMBER_RADIUS + 2} fill={MEMBER_FILL} stroke="#ffffff" stroke-width={1} />
          </Swatch>
          Member organization
        </li>
        <li>
          <Swatch>
            <path d={diamond(10, 10, AFFILIATE_HALF + 2)} fill={AFFILIATE_FILL} stroke="#ffffff" stroke-width={1} />
          </Swatch>
          Affiliate
        </li>
      </ul>
    </div>
  );
}

/**
 * The network map as an SVG element with a title, a description, shaded states and points. With
 * `stateHref`, each state is a link named by the state and its count (a keyboard stop in
 * alphabetical order); the points let clicks through to their state. The legend is
 * `NetworkMapLegend`, in HTML.
 */
export function renderNetworkMap(input: NetworkMapInput): VNode {
  const states = getShapes();
  const countOf = (code: string) => countIn(input.stateCounts, code);
  const classes = colourClasses(states.map((s) => countOf(s.code)));
  const fillFor = (n: number) => classes.find((c) => n >= c.min && n <= c.max)?.fill ?? ZERO_FILL;
  const points: VNode[] = [];
  input.points.forEach((p, i) => {
    const xy = projectPoint(p.latitude, p.longitude);
    if (!xy) return;
    const [x, y] = xy;
    points.push(
      p.kind === 'affiliate' ? (
        <path key={i} d={diamond(x, y, AFFILIATE_HALF)} fill={AFFILIATE_FILL}>
          <title>{p.label}</title>
        </path>
      ) : (
        <circle key={i} cx={x} cy={y} r={MEMBER_RADIUS} fill={MEMBER_FILL}>
          <title>{p.label}</title>
        </circle>
      ),
    );
  });
  const href = input.stateHref;
  // Drawn again on top, as an outline only: a wide stroke in place would hide under its neighbors.
  const selected = states.find((s) => s.code === input.selectedState);
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role={href ? 'group' : 'img'}
      aria-labelledby={href ? TITLE_ID : `${TITLE_ID} ${DESC_ID}`}
      aria-describedby={href ? DESC_ID : undefined}
      class="network-map"
    >
      <title id={TITLE_ID}>{input.title}</title>
      <desc id={DESC_ID}>{input.description}</desc>
      <g stroke={BORDER} stroke-width={0.5} stroke-linejoin="round">
        {states.map((s) => {
          const n = countOf(s.code);
          const label = `${s.name}: ${countText(n, input.countWords)}`;
          const shape = (
            <path key={s.code} d={s.d} fill={fillFor(n)} data-state={s.code}>
              <title>{label}</title>
            </path>
          );
          return href ? (
            <a key={s.code} href={href(s.code)} aria-label={label} aria-current={s.code === input.selectedState ? 'true' : undefined}>
              {shape}
            </a>
          ) : (
            shape
          );
        })}
      </g>
      {selected ? <path d={selected.d} fill="none" stroke="#111827" stroke-width={2.5} stroke-linejoin="round" pointer-events="none" /> : null}
      <g stroke="#ffffff" stroke-width={0.75} pointer-events="none">
        {points}
      </g>
    </svg>
  );
}
