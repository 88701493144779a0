// Resources' demo data (a dozen realistic resources, some for members only, with a file or a link,
// and two topic pages), saved through the module's own use cases so they have their revisions; and
// the bulk loader of `civnet seed --scale`-sized catalogues (the bench's 20,000 resources).
import { sql, type Transaction } from 'kysely';
import type { DB, ResourceType } from '../../db/types.js';
import { markdownText } from '../publishing/index.js';
import { saveResource, saveTopic } from './service.js';

/** A one-page PDF (a real one: its bytes start with %PDF, as the upload check requires). */
export function tinyPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

interface DemoResource {
  title: string;
  type: ResourceType;
  year: number;
  summary: string;
  body: string;
  members?: boolean;
  pathways: string[];
  topics: Array<'emergency' | 'climate'>;
  file?: string;
  link?: string;
}

const DEMO: DemoResource[] = [
  {
    title: 'Hazard Mitigation Planning Guide for Small Communities',
    type: 'guide',
    year: 2024,
    summary: 'How a town of under 25,000 people writes a FEMA-approved hazard mitigation plan with a small staff.',
    body: '## Who this is for\n\nPlanning directors and city managers in communities with one or two planners.\n\n## What you will do\n\n- Assemble a planning team from public works, fire and finance\n- Map your hazards with free federal data\n- Rank mitigation actions by cost and benefit\n\nMost plans take nine to twelve months from kickoff to approval.',
    pathways: ['resilient'],
    topics: ['emergency'],
    file: 'hazard-mitigation-planning-guide.pdf',
  },
  {
    title: 'Emergency Operations Center Activation Checklist',
    type: 'template',
    year: 2023,
    summary: 'A one-page checklist for activating your emergency operations center, by level of activation.',
    body: 'Print it, laminate it and keep it at the EOC door.\n\nLevels: **monitoring**, **partial**, **full**. Each level lists who is called, in what order, and which systems are switched on.',
    pathways: ['resilient'],
    topics: ['emergency'],
    file: 'eoc-activation-checklist.pdf',
  },
  {
    title: 'After the Flood: Recovery Case Study from Cedar Falls',
    type: 'case_study',
    year: 2022,
    summary: 'How one Iowa city bought out 400 flood-prone homes and turned the land into parks.',
    body: 'Cedar Falls used hazard mitigation grant funds to buy out homes in the floodplain after 2008. The case study covers the buyout process, resident engagement and the parks that replaced the homes.',
    members: true,
    pathways: ['resilient', 'nature-based'],
    topics: ['emergency', 'climate'],
    file: 'cedar-falls-recovery-case-study.pdf',
  },
  {
    title: 'Webinar Recording: Extreme Heat Response Plans',
    type: 'recording',
    year: 2025,
    summary: 'Three cities describe their cooling centers, heat alerts and outreach to residents without air conditioning.',
    body: 'Recorded live with speakers from Phoenix, Portland and Philadelphia. Sixty minutes, with captions.\n\nThe slides are in the recording’s description.',
    members: true,
    pathways: ['resilient', 'equitable'],
    topics: ['emergency', 'climate'],
    link: 'https://www.youtube.com/watch?v=heat-response-demo',
  },
  {
    title: 'Municipal Greenhouse Gas Inventory Toolkit',
    type: 'toolkit',
    year: 2024,
    summary: 'Spreadsheets and instructions to measure your government’s own emissions from buildings, fleet and streetlights.',
    body: 'The toolkit follows the Local Government Operations Protocol. Start with utility bills for the last full year, then fleet fuel records.',
    pathways: ['zero-emission'],
    topics: ['climate'],
    file: 'ghg-inventory-toolkit.pdf',
  },
  {
    title: 'Fleet Electrification Cost Calculator',
    type: 'external_tool',
    year: 2025,
    summary: 'Compare the lifetime cost of electric and gasoline vehicles for your fleet, with federal incentives.',
    body: 'An online calculator from a national laboratory. Enter your vehicles, mileage and local electricity rates.',
    pathways: ['zero-emission'],
    topics: ['climate'],
    link: 'https://afdc.energy.gov/',
  },
  {
    title: 'Urban Tree Canopy Data Set, 2020–2024',
    type: 'data_set',
    year: 2024,
    summary: 'Tree canopy cover by census tract for 180 member cities, with heat and income indicators.',
    body: 'Canopy percentages come from aerial imagery. Use it to find neighborhoods where planting trees cools the most people.',
    members: true,
    pathways: ['nature-based', 'equitable'],
    topics: ['climate'],
    file: 'urban-tree-canopy-2020-2024.pdf',
  },
  {
    title: 'Equitable Engagement Planning Template',
    type: 'template',
    year: 2023,
    summary: 'Plan public meetings that reach renters, non-English speakers and shift workers.',
    body: 'The template walks through who is missing from your usual meetings, where to meet them, and how to pay community partners for their time.',
    pathways: ['equitable'],
    topics: [],
    file: 'equitable-engagement-template.pdf',
  },
  {
    title: 'Zero Waste Procurement Guide',
    type: 'guide',
    year: 2022,
    summary: 'Contract language and purchasing policies that cut waste from what your government buys.',
    body: 'Sample clauses for take-back programs, reusable packaging and repairable equipment, with notes from procurement officers.',
    pathways: ['circular'],
    topics: [],
    file: 'zero-waste-procurement-guide.pdf',
  },
  {
    title: 'Continuity of Operations Plan Template',
    type: 'template',
    year: 2024,
    summary: 'Keep essential services running when city hall is closed by a storm, a fire or a cyberattack.',
    body: 'Identify essential functions, orders of succession and alternate work sites. Members can download the editable version.',
    members: true,
    pathways: ['resilient'],
    topics: ['emergency'],
    file: 'continuity-of-operations-template.pdf',
  },
  {
    title: 'Green Stormwater Infrastructure Case Studies',
    type: 'case_study',
    year: 2021,
    summary: 'Rain gardens, bioswales and permeable streets in six mid-sized cities, with costs and maintenance lessons.',
    body: 'Each case study lists capital cost, maintenance hours per year and the runoff captured.',
    pathways: ['nature-based', 'resilient'],
    topics: ['climate'],
    file: 'green-stormwater-case-studies.pdf',
  },
  {
    title: 'Wildfire Evacuation Planning for Local Governments',
    type: 'guide',
    year: 2025,
    summary: 'Plan evacuation routes, alerts and shelters for communities at the wildland-urban interface.',
    body: 'Covers evacuation zones, traffic control points, alerting everyone including visitors, and sheltering people with pets and livestock.',
    pathways: ['resilient'],
    topics: ['emergency'],
    file: 'wildfire-evacuation-planning.pdf',
  },
];

const TOPICS = {
  emergency: {
    name: 'Emergency and disaster resources',
    slug: 'emergency-and-disaster',
    introduction:
      'Plans, checklists and lessons from members who have been through floods, fires, storms and heat waves. Start with the **hazard mitigation planning guide** if your community has no plan yet.',
  },
  climate: {
    name: 'Climate action resources',
    slug: 'climate-action',
    introduction: 'Measure your emissions, cut them, and prepare your community for the climate it will have.',
  },
} as const;

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export async function seedResourcesDemo(trx: Transaction<DB>, now: Date, authorId: string | null): Promise<void> {
  const deps = { clock: { now: () => now } };
  const actor = { userId: authorId, name: 'Demo data' };
  const pathways = new Map((await trx.selectFrom('pathways').select(['id', 'slug']).execute()).map((p) => [p.slug, p.id]));
  const topicIds = new Map<string, string>();
  for (const [key, t] of Object.entries(TOPICS)) {
    const { id } = await saveTopic(trx, deps, { input: { ...t, state: 'published', publishAt: null }, actor });
    topicIds.set(key, id);
  }
  for (const [k, r] of DEMO.entries()) {
    // added to the catalogue over the past months, one every eleven days (not all on the day the
    // demo was loaded), so "Published" and "Newest first" mean something
    const publishedAt = new Date(now.getTime() - (k + 1) * 11 * 86_400_000);
    await saveResource(
      trx,
      { clock: { now: () => publishedAt } },
      {
        input: {
          title: r.title,
          slug: slugOf(r.title),
          summary: r.summary,
          body: r.body,
          type: r.type,
          year: r.year,
          linkUrl: r.link ?? null,
          audience: r.members ? 'members' : 'everyone',
          state: 'published',
          publishAt: null,
          pathwayIds: r.pathways.flatMap((s) => pathways.get(s) ?? []),
          topicIds: r.topics.flatMap((t) => topicIds.get(t) ?? []),
        },
        file: r.file ? { filename: r.file, contentType: 'application/pdf', bytes: tinyPdf(r.title) } : null,
        actor,
      },
    );
  }
}

export interface BulkResource {
  slug: string;
  title: string;
  summary: string;
  body: string;
  type: ResourceType;
  audience: 'everyone' | 'members';
  year: number;
  pathway_ids: string[];
  topic_ids: string[];
  published_at: Date;
}

/** Inserts many published resources in one statement (the bench's catalogue): no files, no revisions. */
export async function bulkLoadResources(trx: Transaction<DB>, rows: readonly BulkResource[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ ...r, body_text: markdownText(r.body), published_at: r.published_at.toISOString() })));
  await sql`insert into resources (slug, title, summary, body, body_text, type, audience, year, pathway_ids, topic_ids, state, published_at)
    select slug, title, summary, body, body_text, type, audience, year, pathway_ids, topic_ids, 'published', published_at
    from jsonb_to_recordset(${json}::jsonb) as x(slug text, title text, summary text, body text, body_text text, type text, audience text, year int,
      pathway_ids uuid[], topic_ids uuid[], published_at timestamptz)`.execute(trx);
}
