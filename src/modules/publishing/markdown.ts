// The text of resources, news and job postings: Markdown, rendered safe. Raw HTML is never
// rendered (markdown-it with `html: false` escapes it), links may only be http(s), mailto or
// site-relative, images only our own uploads (`/media/images/<id>`) and each with alt text, and
// the headings of an item start at level 2 (the page's title is its h1) and skip no level.
import markdownit, { type MarkdownIt, type Token } from 'markdown-it';
import { isUuid } from '../../lib/validators.js';

export const IMAGE_PATH = '/media/images/';
const IMAGE_SRC = /^\/media\/images\/([0-9a-f-]{36})$/;
/** An uploaded image's address: its path and a real id (36 dashes fit the pattern and name nothing). */
const isImageSrc = (src: string): boolean => isUuid(IMAGE_SRC.exec(src)?.[1]);
const SAFE_LINK = /^(https?:\/\/|mailto:|\/(?!\/))/i;
/** The most text an item's body may hold (characters). */
export const MAX_MARKDOWN = 100_000;

/** A site-relative address made absolute against `env.base` (an email's reader is not on this
 * site); any other address as it is. */
const absolute = (href: string, env: unknown): string => {
  const base = (env as { base?: string } | undefined)?.base;
  return base && href.startsWith('/') && !href.startsWith('//') ? `${base.replace(/\/$/, '')}${href}` : href;
};

function build(): MarkdownIt {
  const md = markdownit('default', { html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = (url) => SAFE_LINK.test(url.trim());
  const rules = md.renderer.rules;
  md.core.ruler.push('heading_levels', (state) => {
    numberHeadings(state.tokens);
  });
  rules.link_open = (tokens, i, options, env, self) => {
    const t = tokens[i];
    const href = absolute(String(t?.attrGet('href') ?? ''), env);
    if (t) t.attrSet('href', href);
    if (t && /^https?:\/\//i.test(href)) t.attrSet('rel', 'nofollow noopener noreferrer');
    return self.renderToken(tokens, i, options);
  };
  rules.image = (tokens, i, options, env, self) => {
    const t = tokens[i];
    if (!t) return '';
    const src = String(t.attrGet('src') ?? '');
    const alt = self.renderInlineAsText(t.children ?? [], options, env).trim();
    // An image that is not ours, or has no alt text, renders as its alt text (markdownProblems
    // refuses such text when it is saved; this is the defence in depth).
    if (!isImageSrc(src) || !alt) return md.utils.escapeHtml(alt);
    return `<img src="${md.utils.escapeHtml(absolute(src, env))}" alt="${md.utils.escapeHtml(alt)}" loading="lazy" decoding="async">`;
  };
  return md;
}

/**
 * The headings of an item under the page's title (its h1): the item's shallowest heading becomes
 * an h2 and the rest keep their depth below it, except that none goes down more than one level
 * from the heading before it (screen readers' outline has no gaps), nor below h6.
 */
function numberHeadings(tokens: Token[]): void {
  const heads = tokens.filter((t) => t.type === 'heading_open');
  if (!heads.length) return;
  const shallowest = Math.min(...heads.map((t) => Number(t.tag.slice(1))));
  let previous = 1;
  const levels = new Map<Token, number>();
  for (const t of heads) {
    const level = Math.min(6, Number(t.tag.slice(1)) - shallowest + 2, previous + 1);
    levels.set(t, level);
    previous = level;
  }
  let open: number | undefined;
  for (const t of tokens) {
    if (t.type === 'heading_open') open = levels.get(t);
    if ((t.type === 'heading_open' || t.type === 'heading_close') && open !== undefined) t.tag = `h${open}`;
  }
}

const md = build();

/** Safe HTML for an item's Markdown text. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** The plain text of Markdown (for search, summaries and feeds). */
export function markdownText(source: string): string {
  return htmlText(md.render(source));
}

/** Markdown for an email, read away from this site: the HTML with site-relative links and images
 * made absolute against `publicUrl`, and the plain text with each link's address after its words
 * ("Read the guidance (https://…)"): the text part kept a link's words only. */
export function markdownForEmail(source: string, publicUrl: string): { html: string; text: string } {
  const html = md.render(source, { base: publicUrl });
  const withAddresses = html.replace(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_all, href: string, inner: string) => {
    const words = inner.replace(/<[^>]*>/g, '');
    const address = href.replace(/^mailto:/i, '');
    return words === address || words === href ? inner : `${inner} (${address})`;
  });
  return { html, text: htmlText(withAddresses) };
}

function htmlText(html: string): string {
  return html
    .replace(/<\/(p|h\d|li|blockquote|pre|tr)>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** What is wrong with Markdown text, in words for the author (empty when it may be saved). */
export function markdownProblems(source: string): string[] {
  const problems: string[] = [];
  if (source.length > MAX_MARKDOWN) problems.push(`The text is ${source.length.toLocaleString('en-US')} characters; the most is ${MAX_MARKDOWN.toLocaleString('en-US')}.`);
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'image') {
        const src = String(t.attrGet('src') ?? '');
        const alt = (t.children ?? [])
          .map((c: Token) => c.content)
          .join('')
          .trim();
        if (!isImageSrc(src)) problems.push(`The image "${src.slice(0, 80)}" is not one uploaded here: upload it, then use the Markdown it gives you.`);
        else if (!alt) problems.push(`The image ${src} has no alt text: describe it between the brackets, ![like this](${src}).`);
      }
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(source, {}));
  return problems;
}

/** The ids of the uploaded images an item's text uses. */
export function imageIdsIn(source: string): string[] {
  return [...source.matchAll(/\/media\/images\/([0-9a-f-]{36})/g)].map((m) => m[1] as string).filter(isUuid);
}
