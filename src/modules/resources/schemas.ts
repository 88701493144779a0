// What resources accept and answer: the search's query fields (the page's GET form and
// GET /api/v1/resources share them), the staff forms (a resource, a topic page), and the API's
// shapes. A blank optional field means "any".
import { z } from 'zod';
import { RESOURCE_TYPES, type ResourceType } from '../../db/types.js';
import { AUDIENCES, PUBLISH_STATES } from '../publishing/index.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const isSlug = (s: string): boolean => s.length <= 120 && SLUG.test(s);
/** Addresses under /resources/ that are pages of their own, not resources. */
export const RESERVED_SLUGS = new Set(['topics', 'new', 'search', 'feed']);

export const TYPE_LABELS: Record<ResourceType, string> = {
  guide: 'Guide',
  toolkit: 'Toolkit',
  case_study: 'Case study',
  recording: 'Recording',
  template: 'Template',
  data_set: 'Data set',
  external_tool: 'External tool',
};

export const SORTS = ['relevance', 'date'] as const;
export const PAGE_SIZE = 10;
export const MAX_PAGE = 100;
/** The longest search text accepted. */
export const MAX_QUERY = 200;

/** An optional query field: absent or blank means "any". */
const opt = <T extends z.ZodType<unknown, string>>(t: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(t.optional());

const whole = (min: number, max: number, message: string) =>
  z
    .string()
    .regex(/^\d{1,4}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f]/g;

export const searchFields = {
  q: z
    .string()
    .max(MAX_QUERY, `Use at most ${MAX_QUERY} characters in a search.`)
    .optional()
    .transform((v) => (v ?? '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim() || undefined)
    .describe('words to search for (stemmed: "plans" finds "planning"; titles tolerate typos)'),
  type: opt(z.enum(RESOURCE_TYPES, { error: `Choose one of: ${RESOURCE_TYPES.join(', ')}.` })).describe('a resource type'),
  topic: opt(z.string().max(100, 'Choose a topic from the list.').regex(SLUG, 'Choose a topic from the list.')).describe('a topic page’s slug'),
  pathway: opt(z.string().max(100, 'Choose a pathway from the list.').regex(SLUG, 'Choose a pathway from the list.')).describe('a pathway’s slug'),
  year: opt(whole(1900, 2200, 'Enter a year like 2024.')).describe('the year of the resource'),
  sort: opt(z.enum(SORTS, { error: 'Sort by relevance or date.' })).describe('relevance (the default with words to search for) or date (newest first)'),
  page: opt(whole(1, MAX_PAGE, `Enter a page number from 1 to ${MAX_PAGE}.`)).describe(`page number (1 to ${MAX_PAGE})`),
};

/** /resources: the search form and its facet links. */
export const searchQuery = z.object(searchFields);
export type SearchQuery = z.output<typeof searchQuery>;

/** GET /api/v1/resources: the same fields; unknown ones are refused. */
export const apiSearchQuery = z.object({ ...searchFields, limit: opt(whole(1, 50, 'Give a number from 1 to 50.')).describe('results per page (default 10, at most 50)') }).strict();

// ---- the staff forms

const text = (max: number, label: string) => z.string().trim().max(max, `Use at most ${max} characters for the ${label}.`);

export const resourceForm = z.object({
  title: text(200, 'title').min(1, 'Enter a title.'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(120, 'Use at most 120 characters for the web address.')
    .refine((s) => s === '' || SLUG.test(s), 'Use lowercase letters, digits and single hyphens, like flood-planning-guide.')
    .refine((s) => !RESERVED_SLUGS.has(s), 'This web address is taken by a page of the site; choose another.'),
  summary: text(600, 'summary').min(1, 'Write a short summary (it is what visitors see of a members-only resource).'),
  body: z.string().max(100_000, 'The text is too long; the most is 100,000 characters.').default(''),
  type: z.enum(RESOURCE_TYPES, { error: 'Choose a type.' }),
  year: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'Enter the year, like 2024.')
    .transform(Number)
    .pipe(z.number().min(1900, 'Enter a year from 1900.').max(2200, 'Enter a year up to 2200.')),
  link_url: z
    .string()
    .trim()
    .max(2000, 'Use at most 2,000 characters for the link.')
    .refine((s) => s === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(s), 'Enter a full web address starting with https://.'),
  state: z.enum(PUBLISH_STATES, { error: 'Choose a state.' }),
  publish_at: z.string().max(40).default(''),
  audience: z.enum(AUDIENCES, { error: 'Choose who may read it.' }),
  remove_file: z.string().optional(),
});
export type ResourceForm = z.output<typeof resourceForm>;

export const topicForm = z.object({
  name: text(120, 'name').min(1, 'Enter a name.'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(100, 'Use at most 100 characters for the web address.')
    .refine((s) => s === '' || SLUG.test(s), 'Use lowercase letters, digits and single hyphens, like emergency-and-disaster.'),
  introduction: z.string().max(100_000, 'The introduction is too long.').default(''),
  state: z.enum(PUBLISH_STATES, { error: 'Choose a state.' }),
  publish_at: z.string().max(40).default(''),
});
export type TopicForm = z.output<typeof topicForm>;

export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  slug: 'Web address',
  summary: 'Summary',
  body: 'Text',
  type: 'Type',
  year: 'Year',
  link_url: 'Link',
  file: 'File',
  state: 'State',
  publish_at: 'Publish at',
  audience: 'Who may read it',
  pathways: 'Pathways',
  topics: 'Topics',
  name: 'Name',
  introduction: 'Introduction',
};

// ---- the API

const named = z.object({ slug: z.string(), name: z.string() });
const facet = z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int() }));

export const apiResource = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  type: z.enum(RESOURCE_TYPES),
  year: z.number().int(),
  membersOnly: z.boolean(),
  teaser: z.boolean().describe('true when the body and file are withheld (members only, and the caller is not a member)'),
  publishedAt: z.string().nullable(),
  pathways: z.array(named),
  topics: z.array(named),
  url: z.string(),
});

export const apiSearchResponse = z.object({
  results: z.array(
    apiResource.extend({
      snippet: z.string().describe('the best passage, plain text (from the summary for a teaser)'),
      snippetHtml: z.string().describe('the same passage, HTML-escaped, with the matched words in <mark>'),
    }),
  ),
  facets: z
    .object({ type: facet, topic: facet, pathway: facet, year: facet })
    .describe('counts over the matching results; each equals the number of results when that filter is added (a lower bound when `bounded`)'),
  total: z.number().int().describe('the number of matching results, or 1,000 when there are more (`bounded`)'),
  bounded: z
    .boolean()
    .describe('true when more than 1,000 resources match: `total` and the facet counts are lower bounds over the newest 1,000 matches, which are the ones ranked and paged'),
  page: z.number().int(),
  next: z.number().int().nullable().describe('the next page, or null'),
});

export const apiResourceDetail = apiResource.extend({
  body: z.string().nullable().describe('the text, Markdown (null for a teaser)'),
  link: z.string().nullable().describe('the external address (null for a teaser, or none)'),
  file: z.object({ name: z.string(), contentType: z.string(), sizeBytes: z.number().int(), url: z.string() }).nullable().describe('the file (null for a teaser, or none)'),
  downloads: z.number().int(),
});
