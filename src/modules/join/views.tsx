// Pages of the join module: the public join page and the staff editor.
import type { Association } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { BackLink, ErrorSummary, Field, PostForm, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { BODY_MAX, TITLE_MAX } from './schemas.js';
import type { SectionAction } from './sections.js';
import type { JoinSection } from './service.js';
import { PlainText } from './text.js';

/** The link after a section's text, resolved against the association (its contact email). */
export function resolveAction(action: SectionAction | undefined, association: Association): { label: string; href: string } | null {
  if (!action) return null;
  if (action.kind === 'link') return { label: action.label, href: action.href };
  return { label: `${action.label} ${association.contact_email}`, href: `mailto:${association.contact_email}` };
}

function SectionBody(p: { section: JoinSection; association: Association }) {
  const action = resolveAction(p.section.definition.action, p.association);
  return (
    <>
      <h2 id={`join-${p.section.key}`}>{p.section.title}</h2>
      <PlainText text={p.section.body} />
      {action ? (
        <p>
          <a href={action.href} class={action.href.startsWith('mailto:') ? undefined : 'button'}>
            {action.label}
          </a>
        </p>
      ) : null}
    </>
  );
}

const visible = (s: JoinSection) => s.body !== '' || !!s.definition.action;

export function JoinPage(p: { ctx: PageContext; association: Association; sections: JoinSection[] }) {
  const shown = p.sections.filter(visible);
  const benefits = shown.filter((s) => s.definition.benefit);
  return (
    <Layout ctx={p.ctx} title="Join">
      <h1>Join {p.association.name}</h1>
      {shown.map((s, i) => {
        if (s.definition.benefit) {
          // The benefit sections sit side by side, where the first of them is.
          if (shown.findIndex((x) => x.definition.benefit) !== i) return null;
          return (
            <ul class="cards" key="benefits">
              {benefits.map((b) => (
                <li class="card" key={b.key}>
                  <SectionBody section={b} association={p.association} />
                </li>
              ))}
            </ul>
          );
        }
        return (
          <section key={s.key} aria-labelledby={`join-${s.key}`}>
            <SectionBody section={s} association={p.association} />
          </section>
        );
      })}
    </Layout>
  );
}

const when = (d: Date | null, zone: string) => (d ? formatTime(d, zone) : 'Not written yet');

export function StaffJoinList(p: { ctx: PageContext; sections: JoinSection[] }) {
  return (
    <Layout ctx={p.ctx} title="Join pages">
      <h1>Join pages</h1>
      <p>
        These sections make up the public <a href="/join">join page</a>. Each change is recorded in the audit log. The links to the dues calculator, the application and the contact
        email are added by the page itself.
      </p>
      <SimpleTable
        caption="Sections of the join page"
        rowHeader={false}
        rows={p.sections}
        rowKey={(s) => s.key}
        empty="No sections."
        columns={[
          { label: 'Section', cell: (s) => s.definition.purpose },
          { label: 'Title', cell: (s) => s.title },
          { label: 'Last changed', cell: (s) => when(s.updatedAt, p.ctx.timeZone) },
          {
            label: 'Action',
            cell: (s) => (
              <a href={`/staff/join/${s.key}`}>
                Edit<span class="visually-hidden"> {s.definition.purpose.toLowerCase()}</span>
              </a>
            ),
          },
        ]}
      />
    </Layout>
  );
}

const LABELS: Record<string, string> = { title: 'Title', body: 'Text' };

export function StaffJoinEdit(p: { ctx: PageContext; section: JoinSection; values: { title: string; body: string }; errors?: FieldErrors }) {
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={`Edit: ${p.section.definition.purpose}`}>
      <h1>Edit: {p.section.definition.purpose}</h1>
      <BackLink href="/staff/join">Back to all sections</BackLink>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <PostForm action={`/staff/join/${p.section.key}`} csrf={p.ctx.csrf} label="Edit section">
        <Field name="title" label={LABELS.title ?? 'Title'} required value={p.values.title} error={e.title} maxLength={TITLE_MAX} />
        <TextArea
          name="body"
          label={LABELS.body ?? 'Text'}
          value={p.values.body}
          error={e.body}
          rows={14}
          maxLength={BODY_MAX}
          hint='Leave a blank line between paragraphs. Start a line with "- " for a bulleted list or "1. " for a numbered list. Anything else, HTML included, is shown exactly as typed.'
        />
        <button type="submit">Save section</button>
      </PostForm>
    </Layout>
  );
}
