// A posting's Schema.org `JobPosting` data, escaped for a <script> element (no `<`, `>` or `&`
// survives, so text cannot close the element), and its place in words.
import { markdownText, renderMarkdown } from '../publishing/index.js';
import type { PostingDetail } from './queries.js';
import { SCHEMA_TYPES, WORKPLACE_LABELS } from './shared.js';

export const placeOf = (p: { workplace: 'on_site' | 'hybrid' | 'remote'; city: string; state: string | null }) => {
  const at = [p.city, p.state].filter(Boolean).join(', ');
  return p.workplace === 'remote' ? (at ? `Remote (${at})` : 'Remote') : `${at} · ${WORKPLACE_LABELS[p.workplace]}`;
};

export function jobPostingJsonLd(p: PostingDetail, publicUrl: string): string {
  const address = { '@type': 'PostalAddress', addressLocality: p.city || undefined, addressRegion: p.state ?? undefined, addressCountry: 'US' };
  const data = {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: p.title,
    // Schema.org allows HTML here; ours is the sanitized rendering.
    description: renderMarkdown(p.description),
    datePosted: p.published_at?.toISOString(),
    validThrough: p.expires_at?.toISOString(),
    employmentType: SCHEMA_TYPES[p.employment_type],
    hiringOrganization: { '@type': 'Organization', name: p.employer_name },
    ...(p.workplace === 'remote'
      ? { jobLocationType: 'TELECOMMUTE', applicantLocationRequirements: { '@type': 'Country', name: 'USA' }, ...(p.state ? { jobLocation: { '@type': 'Place', address } } : {}) }
      : { jobLocation: { '@type': 'Place', address } }),
    baseSalary: {
      '@type': 'MonetaryAmount',
      currency: 'USD',
      value: { '@type': 'QuantitativeValue', minValue: p.salary_min, maxValue: p.salary_max, unitText: 'YEAR' },
    },
    url: `${publicUrl}/jobs/${p.id}`,
  };
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The description's first words, for lists. */
export const summaryOf = (description: string, max = 220) => {
  // One line of text from the blocks: a heading or list item without its own full stop gets one,
  // so that "The role" and "The Assistant City Manager…" do not run into one sentence.
  const t = markdownText(description)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (/[.!?:;…]$/.test(line) ? line : `${line}.`))
    .join(' ')
    .replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
