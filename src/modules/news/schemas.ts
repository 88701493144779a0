// The edges of news: the staff form (each field's message in words), the listing's query string,
// and the API's query and answers (in the OpenAPI document).
import { z } from 'zod';
import { pageNumber } from '../../lib/validators.js';
import { AUDIENCES, PUBLISH_STATES } from '../publishing/index.js';

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const isSlug = (s: string) => s.length <= 100 && SLUG.test(s);

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, `Enter the ${label}.`)
        .max(max, `Keep the ${label} under ${max.toLocaleString('en-US')} characters.`),
    );

/** The post form, as posted (pathways are checkboxes `pathway_<id>`, read apart). */
export const postForm = z.object({
  title: text('title', 200),
  slug: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().toLowerCase())
    .pipe(
      z
        .string()
        .max(100, 'Keep the web address under 100 characters.')
        .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, 'Use lowercase letters, digits and single hyphens, like spring-flood-recovery.'),
    ),
  summary: text('summary', 500),
  body: z
    .string({ error: 'Write the story.' })
    .transform((s) => s.replace(/\r\n/g, '\n'))
    .pipe(z.string().refine((s) => s.trim().length > 0, 'Write the story.')),
  author_name: text('author’s name', 120),
  featured: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim()),
  state: z.enum(PUBLISH_STATES, { error: 'Choose a state from the list.' }),
  publish_at: z.string().optional(),
  audience: z.enum(AUDIENCES, { error: 'Choose who may read it.' }),
});
export type PostForm = z.output<typeof postForm>;

/** A page number in a query string: 1 when absent (pages 1 to 9,999; the shared rule and message). */
export const pageParam = pageNumber(9_999);

const optionalSlug = z
  .string()
  .optional()
  .transform((s) => (s === '' ? undefined : s))
  .pipe(z.string().max(100).regex(SLUG, 'Choose a pathway from the list.').optional());

export const listingQuery = z.object({ pathway: optionalSlug, page: pageParam });

export const staffListQuery = z.object({
  state: z
    .string()
    .optional()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(z.enum(PUBLISH_STATES, { error: 'Choose a state from the list.' }).optional()),
  page: pageParam,
});

// ---- the API

export const apiListQuery = z.object({
  pathway: optionalSlug.describe('a pathway’s slug: only posts tagged with it'),
  page: pageParam.describe('the page, from 1'),
  limit: z
    .string()
    .optional()
    .transform((s) => (s === '' || s === undefined ? '20' : s))
    .pipe(
      z
        .string()
        .regex(/^\d{1,3}$/, 'Enter a number from 1 to 100.')
        .transform(Number),
    )
    .pipe(z.number().min(1, 'Enter a number from 1 to 100.').max(100, 'Enter a number from 1 to 100.'))
    .describe('posts per page, 1 to 100 (20)'),
});

export const apiPost = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  author: z.string().describe('the person credited'),
  publishedAt: z.string().describe('ISO 8601'),
  membersOnly: z.boolean(),
  pathways: z.array(z.object({ slug: z.string(), name: z.string() })),
  featuredOrganization: z.object({ name: z.string(), url: z.string() }).nullable().describe('a member organization the story features (listed members only)'),
  url: z.string(),
});

export const apiListResponse = z.object({
  posts: z.array(apiPost),
  page: z.number().int(),
  total: z.number().int(),
  next: z.number().int().nullable().describe('the next page, or null'),
});

export const apiPostDetail = apiPost.extend({
  teaser: z.boolean().describe('true: a members-only post seen by someone who is not a member; no body'),
  body: z.string().nullable().describe('the story in Markdown; null in a teaser'),
  bodyHtml: z.string().nullable().describe('the story as safe HTML; null in a teaser'),
});
