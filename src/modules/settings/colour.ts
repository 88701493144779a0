// The brand colour: a hex colour that text in it on white (links) and white text on it (the
// header, buttons) can be read against — WCAG AA's 4.5:1 for normal text.

export const MIN_CONTRAST = 4.5;

/** '#abc' or '#aabbcc' (any case, with or without '#') as '#aabbcc'; null when it is not one. */
export function normalizeHex(input: string): string | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input.trim());
  if (!m?.[1]) return null;
  const hex = m[1].toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

const channels = (hex: string): [number, number, number] => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** WCAG 2 relative luminance of '#rrggbb'. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two '#rrggbb' colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The ratio as people read it: rounded down to one decimal, so 4.48 is never shown as "4.5". */
export const formatRatio = (r: number) => `${(Math.floor(r * 10) / 10).toFixed(1)}:1`;

/** A darker shade of the colour (the header background and hover states): each channel × 0.75. */
export function darker(hex: string): string {
  return `#${channels(hex)
    .map((c) =>
      Math.round(c * 0.75)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** The stylesheet that sets the site's brand colours (served at /association/theme.css: the page's
 * content security policy allows no inline style). */
export function themeCss(brand: string | null): string {
  if (!brand) return '/* the default colors of site.css */\n';
  return `:root { --brand: ${brand}; --brand-dark: ${darker(brand)}; }\n`;
}
