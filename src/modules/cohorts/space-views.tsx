// The members-only space of a cohort: its participants, meetings (with the link to join), shared
// notes (plain text) and files. Only participants and programs staff reach it.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { BackLink, ErrorSummary, FileField, PostForm, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ACCEPT, ALLOWED_TEXT } from './files.js';
import { formatMeetingTime } from './ics.js';
import type { Cohort, Meeting, Member, Note, SharedFile } from './queries.js';

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function SpacePage(p: {
  ctx: PageContext;
  cohort: Cohort;
  members: Member[];
  meetings: Meeting[];
  notes: Note[];
  files: SharedFile[];
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const c = p.cohort;
  const base = `/cohorts/${c.slug}/space`;
  const title = `${c.title}: cohort space`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">Only the cohort’s participants and programs staff see this page: its meetings, notes and files.</p>
      <ErrorSummary errors={p.errors} labels={{ body: 'Your note', file: 'File' }} />
      <h2>Meetings</h2>
      <SimpleTable
        caption="Meetings of the cohort"
        rows={p.meetings}
        rowKey={(m) => m.id}
        empty="No meetings are scheduled yet. You get a calendar invitation by email for each one."
        columns={[
          { label: 'Meeting', cell: (m) => m.title },
          { label: 'When', cell: (m) => formatMeetingTime(m.startsAt, m.endsAt, m.timeZone) },
          { label: 'Where', cell: (m) => m.place || 'Online' },
          { label: 'Link', cell: (m) => (m.onlineUrl ? <a href={m.onlineUrl}>Join {m.title} online</a> : '—') },
        ]}
      />
      <h2>Participants</h2>
      <ul>
        {p.members.map((m) => (
          <li key={`${m.name}-${m.organization}`}>
            {m.name}
            {m.title || m.organization ? `, ${[m.title, m.organization].filter(Boolean).join(', ')}` : ''}
          </li>
        ))}
      </ul>
      <h2>Notes</h2>
      <PostForm action={`${base}/notes`} csrf={p.ctx.csrf} label="Post a note">
        <TextArea
          name="body"
          label="Your note"
          required
          rows={3}
          maxLength={2000}
          value={p.values?.body}
          error={p.errors?.body}
          hint="Plain text, up to 2,000 characters. Everyone in the cohort sees it."
        />
        <button type="submit">Post the note</button>
      </PostForm>
      {p.notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ul class="notes">
          {p.notes.map((n) => (
            <li key={n.id}>
              <p class="meta">
                {n.author}, {formatTime(n.createdAt, p.ctx.timeZone)}
              </p>
              <p class="note-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      <h2>Files</h2>
      <PostForm action={`${base}/files`} csrf={p.ctx.csrf} enctype="multipart/form-data" label="Share a file">
        <FileField name="file" label="File" hint={`${ALLOWED_TEXT}.`} accept={ACCEPT} error={p.errors?.file} />
        <button type="submit">Share the file</button>
      </PostForm>
      <SimpleTable
        caption="Files shared in the cohort"
        rows={p.files}
        rowKey={(f) => f.id}
        empty="No files yet."
        columns={[
          { label: 'File', cell: (f) => <a href={`${base}/files/${f.id}`}>{f.filename}</a> },
          { label: 'Size', cell: (f) => size(f.sizeBytes) },
          { label: 'Shared by', cell: (f) => f.uploadedBy },
          { label: 'When', cell: (f) => formatTime(f.createdAt, p.ctx.timeZone) },
        ]}
      />
      <BackLink href={`/cohorts/${c.slug}`}>About the cohort</BackLink>
    </Layout>
  );
}
