// The parts of a request's page both sides see: its facts, the thread with its files, the
// history, and the reply form (with attachments).
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatTime, formatZonedDay } from '../../lib/format.js';
import { FileField, PostForm, SummaryList, TextArea } from '../../web/components.js';
import { ACCEPT, ALLOWED_TEXT, MAX_FILES } from './files.js';
import type { AttachmentInfo, Thread } from './queries.js';
import { type Side, STAFF_STATUS_LABELS, STATUS_LABELS } from './states.js';

/** An instant's day in the page's time zone: 'Mar 5, 2026'. */
export const formatDate = formatZonedDay;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Attachments(p: { files: AttachmentInfo[]; base: string; label: string }) {
  if (p.files.length === 0) return null;
  return (
    <ul class="attachments" aria-label={p.label}>
      {p.files.map((f) => (
        <li key={f.id}>
          <a href={`${p.base}/attachments/${f.id}`} download={f.filename}>
            {f.filename}
          </a>{' '}
          ({formatSize(f.sizeBytes)})
        </li>
      ))}
    </ul>
  );
}

export function RequestFacts(p: { thread: Thread; side: Side; zone: string }) {
  const r = p.thread.request;
  const labels = p.side === 'staff' ? STAFF_STATUS_LABELS : STATUS_LABELS;
  return (
    <SummaryList
      rows={[
        ['Status', labels[r.status]],
        ['Organization', r.organizationName],
        ['Topic', r.pathwayName ?? '—'],
        [
          'Filed',
          <>
            {formatDate(r.createdAt, p.zone)} by {r.createdByName} ({r.daysOpen === 1 ? '1 day' : `${r.daysOpen} days`} {r.status === 'closed' ? 'until closed' : 'open'})
          </>,
        ],
        ['Wanted by', r.desiredOn ? formatDay(r.desiredOn) : 'No date given'],
        ['Advisor', r.advisorName ?? 'Not assigned yet'],
      ]}
    />
  );
}

/** `zone`: the time zone times are written in (the organization's for its contacts, the association's for staff). */
export function ThreadView(p: { thread: Thread; base: string; zone: string }) {
  const t = p.thread;
  return (
    <>
      <h2>Request</h2>
      <div class="message">
        <p class="message-meta">
          {t.request.createdByName}, {formatTime(t.request.createdAt, p.zone)}
        </p>
        {t.request.description.split(/\n{2,}/).map((para, i) => (
          <p key={i} class="pre-line">
            {para}
          </p>
        ))}
        <Attachments files={t.attachments} base={p.base} label="Files attached to the request" />
      </div>
      <h2>Messages</h2>
      {t.messages.length === 0 ? <p>No messages yet.</p> : null}
      <ol class="thread">
        {t.messages.map((m) => (
          <li key={m.id} class="message">
            <p class="message-meta">
              {m.authorName}
              {m.fromStaff ? ' (staff)' : ''}, {formatTime(m.createdAt, p.zone)}
            </p>
            {m.body.split(/\n{2,}/).map((para, i) => (
              <p key={i} class="pre-line">
                {para}
              </p>
            ))}
            <Attachments files={m.attachments} base={p.base} label={`Files attached by ${m.authorName}`} />
          </li>
        ))}
      </ol>
    </>
  );
}

export function HistoryView(p: { thread: Thread; side: Side; zone: string }) {
  const labels = p.side === 'staff' ? STAFF_STATUS_LABELS : STATUS_LABELS;
  return (
    <>
      <h2>History</h2>
      <ol class="history">
        {p.thread.events.map((e, i) => (
          <li key={i}>
            {formatTime(e.createdAt, p.zone)}: {e.actorName ?? 'The system'}{' '}
            {e.kind === 'filed'
              ? 'filed the request'
              : e.kind === 'assigned'
                ? e.advisorName
                  ? `assigned it to ${e.advisorName}`
                  : 'left it unassigned'
                : `changed the status from “${e.fromStatus ? labels[e.fromStatus] : '—'}” to “${e.toStatus ? labels[e.toStatus] : '—'}”`}
          </li>
        ))}
      </ol>
    </>
  );
}

export function FileInput(p: { error?: string }) {
  return (
    <FileField name="attachments" label="Attachments" optional multiple accept={ACCEPT} hint={`Up to ${MAX_FILES} files of at most 10 MB each: ${ALLOWED_TEXT}.`} error={p.error} />
  );
}

export function ReplyForm(p: { action: string; csrf: string; values?: Record<string, string>; errors?: FieldErrors; hint: string }) {
  return (
    <PostForm action={p.action} csrf={p.csrf} enctype="multipart/form-data" label="Reply">
      <TextArea name="body" label="Your message" required rows={6} value={p.values?.body} error={p.errors?.body} hint={p.hint} maxLength={10_000} />
      <FileInput error={p.errors?.attachments} />
      <button type="submit">Send reply</button>
    </PostForm>
  );
}
