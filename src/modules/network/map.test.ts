import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { US_STATES } from '../../lib/us-states.js';
import { NetworkMapLegend, projectPoint, renderNetworkMap } from './map-views.js';

type Point = Parameters<typeof renderNetworkMap>[0]['points'][number];

const anchorage: Point = { latitude: 61.2181, longitude: -149.9003, label: 'Anchorage', kind: 'member' };
const honolulu: Point = { latitude: 21.3069, longitude: -157.8583, label: 'Honolulu', kind: 'member' };
const atlantic: Point = { latitude: 35, longitude: -40, label: 'Mid-Atlantic Ocean', kind: 'member' };

/** About fifty points spread over the lower 48, for the size check. */
function manyPoints(): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < 50; i++) {
    out.push({
      latitude: 30 + (i % 10) * 1.7,
      longitude: -120 + Math.floor(i / 10) * 9 + (i % 3),
      label: `Town number ${i}, a fairly long organization name`,
      kind: i % 4 === 0 ? 'affiliate' : 'member',
    });
  }
  return out;
}

const stateCounts: Record<string, number> = { AK: 1, HI: 1, CA: 120, NY: 45, TX: 60, WA: 12, OR: 7, CO: 3, VT: 1, ME: 2 };

function renderSvg(points: Point[], counts = stateCounts) {
  return render(renderNetworkMap({ title: 'Member map', description: 'Members across the United States.', stateCounts: counts, points }));
}

/** The words of the HTML legend's items, in order. */
function legendTexts(counts = stateCounts) {
  return [...render(NetworkMapLegend({ stateCounts: counts })).matchAll(/<\/svg>([^<]*)<\/li>/g)].map((m) => m[1]);
}

function viewBox(svg: string) {
  const m = /viewBox="([\d.\s-]+)"/.exec(svg);
  if (!m?.[1]) throw new Error('no viewBox');
  const [x, y, w, h] = m[1].trim().split(/\s+/).map(Number) as [number, number, number, number];
  return { x, y, w, h };
}

function circles(svg: string) {
  return [...svg.matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({
    cx: Number(m[1]),
    cy: Number(m[2]),
    label: m[3],
  }));
}

/** WCAG relative luminance and contrast ratio of a #rrggbb colour against white. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (l + 0.05);
}

describe('network map', () => {
  it('draws members in Anchorage and Honolulu inside the viewBox, in the insets', () => {
    const svg = renderSvg([anchorage, honolulu]);
    const vb = viewBox(svg);
    const drawn = circles(svg);
    expect(drawn.map((c) => c.label)).toEqual(['Anchorage', 'Honolulu']);
    for (const c of drawn) {
      expect(c.cx).toBeGreaterThanOrEqual(vb.x);
      expect(c.cx).toBeLessThanOrEqual(vb.x + vb.w);
      expect(c.cy).toBeGreaterThanOrEqual(vb.y);
      expect(c.cy).toBeLessThanOrEqual(vb.y + vb.h);
    }
    // Both insets sit in the lower-left part of the map.
    for (const c of drawn) expect(c.cx).toBeLessThan(vb.w / 2);
    expect(projectPoint(anchorage.latitude, anchorage.longitude)).toEqual([drawn[0]?.cx, drawn[0]?.cy]);
  });

  it('skips points Albers USA does not cover', () => {
    expect(projectPoint(atlantic.latitude, atlantic.longitude)).toBeNull();
    expect(projectPoint(Number.NaN, 0)).toBeNull();
    const svg = renderSvg([atlantic, honolulu]);
    expect(svg).not.toContain('Mid-Atlantic Ocean');
    expect(circles(svg)).toHaveLength(1);
  });

  it('gives every state a title with its member count', () => {
    const svg = renderSvg([]);
    const titles = [...svg.matchAll(/<path d="[^"]*" fill="#[0-9a-f]{6}" data-state="([A-Z]{2})"><title>([^<]*)<\/title>/g)].map((m) => [m[1], m[2]]);
    const mapped = US_STATES.filter(([, , fips]) => Number(fips) < 60); // 50 states and DC
    expect(titles).toHaveLength(mapped.length);
    for (const [code, name] of mapped) {
      const n = stateCounts[code] ?? 0;
      expect(titles).toContainEqual([code, `${name}: ${n} ${n === 1 ? 'member' : 'members'}`]);
    }
  });

  it('has a title, a description and a legend of classes and shapes as text', () => {
    const svg = renderSvg([anchorage]);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-labelledby="network-map-title network-map-desc"');
    expect(svg).toContain('<title id="network-map-title">Member map</title>');
    expect(svg).toContain('<desc id="network-map-desc">Members across the United States.</desc>');
    const texts = legendTexts();
    expect(texts).toContain('0');
    expect(texts).toContain('Member organization');
    expect(texts).toContain('Affiliate');
    expect(render(NetworkMapLegend({ stateCounts }))).toContain('Members per state');
    // Classes cover 1..120 without gaps or overlaps.
    const ranges = texts
      .filter((t): t is string => t !== undefined && /^\d+(–\d+)?$/.test(t) && t !== '0')
      .map((t) => t.split('–').map(Number))
      .map(([lo, hi]) => [lo ?? 0, hi ?? lo ?? 0] as const);
    expect(ranges.length).toBeGreaterThanOrEqual(2);
    expect(ranges[0]?.[0]).toBe(1);
    expect(ranges[ranges.length - 1]?.[1]).toBe(120);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[0]).toBe((ranges[i - 1]?.[1] ?? 0) + 1);
  });

  it('uses a single class per count when counts are small, and only grey when there are none', () => {
    expect(legendTexts({ CA: 1, NY: 2, TX: 3 })).toEqual(expect.arrayContaining(['0', '1', '2', '3']));
    const none = render(NetworkMapLegend({ stateCounts: {} }));
    expect([...none.matchAll(/<rect [^>]*>/g)]).toHaveLength(1);
  });

  it('makes every state a link to its filter, named by the state and its count, when given where states lead', () => {
    const svg = render(renderNetworkMap({ title: 'Member map', description: 'Members.', stateCounts, points: [anchorage], stateHref: (c) => `/network?state=${c}` }));
    expect(svg).toMatch(/^<svg [^>]*role="group"/);
    expect(svg).toContain('aria-describedby="network-map-desc"');
    const links = [...svg.matchAll(/<a href="([^"]*)" aria-label="([^"]*)"><path [^>]*data-state="([A-Z]{2})"/g)].map((m) => [m[1], m[2], m[3]]);
    expect(links).toHaveLength(US_STATES.filter(([, , fips]) => Number(fips) < 60).length);
    expect(links).toContainEqual(['/network?state=AK', 'Alaska: 1 member', 'AK']);
    expect(links).toContainEqual(['/network?state=AZ', 'Arizona: 0 members', 'AZ']);
    // Points do not catch the click meant for their state.
    expect(svg).toMatch(/<g [^>]*pointer-events="none"><circle /);
    expect(svg).not.toContain('aria-current');
    const chosen = render(renderNetworkMap({ title: 'Map', description: 'Members.', stateCounts, points: [], stateHref: (c) => `/network?state=${c}`, selectedState: 'AK' }));
    expect([...chosen.matchAll(/<a href="([^"]*)" aria-label="[^"]*" aria-current="true">/g)].map((m) => m[1])).toEqual(['/network?state=AK']);
  });

  it('distinguishes affiliates by shape, with point colours of at least 3:1 against white', () => {
    const svg = renderSvg([{ ...anchorage, kind: 'affiliate', label: 'Affiliate in Anchorage' }, honolulu]);
    expect(svg).toMatch(/<path d="M[^"]*z" fill="(#[0-9a-f]{6})"><title>Affiliate in Anchorage<\/title>/);
    expect(circles(svg).map((c) => c.label)).toEqual(['Honolulu']);
    const memberFill = /<circle [^>]*fill="(#[0-9a-f]{6})"><title>Honolulu/.exec(svg)?.[1] ?? '';
    const affiliateFill = /fill="(#[0-9a-f]{6})"><title>Affiliate in Anchorage/.exec(svg)?.[1] ?? '';
    expect(memberFill).not.toBe(affiliateFill);
    for (const fill of [memberFill, affiliateFill]) expect(contrastWithWhite(fill)).toBeGreaterThanOrEqual(3);
    // The legend shows the same shapes in the same colours.
    const legend = render(NetworkMapLegend({ stateCounts }));
    expect(legend).toMatch(new RegExp(`<circle [^>]*r="6" fill="${memberFill}"`));
    expect(legend).toMatch(new RegExp(`<path d="[^"]*" fill="${affiliateFill}" stroke="#ffffff"`));
  });

  it('has no inline styles and stays under 120 KB with fifty points', () => {
    const svg = renderSvg([anchorage, honolulu, ...manyPoints()]);
    expect(svg).not.toContain('style=');
    expect(svg).not.toContain('<style');
    expect(circles(svg).length + [...svg.matchAll(/<title>Town number/g)].length).toBeGreaterThan(50);
    expect(Buffer.byteLength(svg)).toBeLessThan(120 * 1024);
  });

  it('escapes labels, titles and descriptions', () => {
    const svg = render(
      renderNetworkMap({
        title: 'Map <b>bold</b>',
        description: 'A & B',
        stateCounts: {},
        points: [{ ...honolulu, label: '<script>alert(1)</script>' }],
      }),
    );
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script>alert(1)&lt;/script>');
    expect(svg).toContain('A &amp; B');
  });
});
