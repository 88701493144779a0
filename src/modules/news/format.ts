// How a post is written for machines and people: its date, its Open Graph tags, its Schema.org
// `Article` data (JSON safe inside a script element), and the Atom feed. None of them ever
// carries the body of a members-only post: a teaser is its title, summary, author and date.
import { DateTime } from 'luxon';
import type { ListedPost } from './queries.js';

/** "March 16, 2027" in the association's zone. */
export const formatPostDate = (d: Date | null, zone: string): string => (d ? DateTime.fromJSDate(d, { zone }).toFormat('LLLL d, yyyy') : 'Not yet published');

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** JSON that is safe inside `<script type="application/ld+json">`: no `<`, `>` or `&` survives
 * as itself, so no text can close the element. */
export const scriptSafeJson = (data: unknown): string => JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export interface ArticleSource {
  slug: string;
  title: string;
  summary: string;
  author_name: string;
  publish_at: Date | null;
  updated_at: Date;
  audience: 'everyone' | 'members';
  featured: { slug: string; name: string; listed: boolean } | null;
  /** the first image of a post everyone may read, if any */
  image?: string | null;
}

/** Schema.org `Article` data of a post's page. A members-only post says it is not free to read and
 * carries no body (there is no `articleBody` in any case: the page is the article). */
export function articleJsonLd(p: ArticleSource, o: { publicUrl: string; publisher: string }): string {
  const url = `${o.publicUrl}/news/${p.slug}`;
  const published = p.publish_at ?? p.updated_at;
  const modified = p.updated_at > published ? p.updated_at : published;
  return scriptSafeJson({
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: p.title,
    description: p.summary,
    url,
    mainEntityOfPage: url,
    datePublished: iso(published),
    dateModified: iso(modified),
    author: { '@type': 'Person', name: p.author_name },
    publisher: { '@type': 'Organization', name: o.publisher, url: o.publicUrl },
    image: p.image ? `${o.publicUrl}${p.image}` : undefined,
    isAccessibleForFree: p.audience === 'everyone',
    about: p.featured?.listed ? { '@type': 'GovernmentOrganization', name: p.featured.name, url: `${o.publicUrl}/network/${p.featured.slug}` } : undefined,
  });
}

/** Open Graph (and article) meta tags of a post's page: property → content. */
export function openGraph(p: ArticleSource, o: { publicUrl: string; siteName: string }): Array<[string, string]> {
  const tags: Array<[string, string]> = [
    ['og:type', 'article'],
    ['og:title', p.title],
    ['og:description', p.summary],
    ['og:url', `${o.publicUrl}/news/${p.slug}`],
    ['og:site_name', o.siteName],
  ];
  if (p.image) tags.push(['og:image', `${o.publicUrl}${p.image}`]);
  if (p.publish_at) tags.push(['article:published_time', iso(p.publish_at)]);
  tags.push(['article:author', p.author_name]);
  return tags;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 allows none of these
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** Text escaped for XML content and attribute values (characters XML forbids are dropped). */
export const xml = (s: string): string => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The Atom feed (RFC 4287) of live posts, newest first: title, link, author, dates, pathways as
 * categories and the summary. Members-only posts are teasers: their summary, marked "Members
 * only", linking to the page where members sign in; never a body. */
export function atomFeed(posts: ListedPost[], o: { publicUrl: string; title: string; now: Date }): string {
  const latest = posts.reduce<Date | null>((m, p) => {
    const u = entryUpdated(p);
    return !m || u > m ? u : m;
  }, null);
  const entries = posts.map((p) => {
    const url = `${o.publicUrl}/news/${p.slug}`;
    const summary = p.audience === 'members' ? `Members only: ${p.summary}` : p.summary;
    return [
      '  <entry>',
      `    <id>urn:uuid:${p.id}</id>`,
      `    <title type="text">${xml(p.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <published>${iso(p.publish_at ?? p.updated_at)}</published>`,
      `    <updated>${iso(entryUpdated(p))}</updated>`,
      `    <author><name>${xml(p.author_name)}</name></author>`,
      ...(p.audience === 'members' ? ['    <category term="members-only" label="Members only"/>'] : []),
      ...p.pathways.map((w) => `    <category term="${xml(w.slug)}" label="${xml(w.name)}"/>`),
      `    <summary type="text">${xml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(`${o.publicUrl}/news`)}</id>`,
    `  <title type="text">${xml(o.title)}</title>`,
    `  <updated>${iso(latest ?? o.now)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${o.publicUrl}/news/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${o.publicUrl}/news`)}"/>`,
    `  <author><name>${xml(o.title.replace(/: news and stories$/, ''))}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** An entry changed when its post was last saved, or when a scheduled post went live after that. */
function entryUpdated(p: ListedPost): Date {
  return p.publish_at && p.publish_at > p.updated_at ? p.publish_at : p.updated_at;
}
