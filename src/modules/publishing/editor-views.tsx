// The pieces every authoring page of published items shares: the Markdown field with its help,
// the publish fields (state, publish time in the association's zone, audience), the image upload
// form (a form of its own: place it after the item's form, forms do not nest), the revision
// history, and the rendered text of an item.
import { formatTime } from '../../lib/format.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { Field, FieldError, FileField, PostForm, RadioGroup, Select, SimpleTable, TextArea } from '../../web/components.js';
import type { Revision } from './revisions.js';
import { AUDIENCE_LABELS, AUDIENCES, type PublishState, STATE_LABELS } from './workflow.js';

export const MARKDOWN_HINT = 'Markdown: **bold**, *italic*, ## a heading, - a list item, [link text](https://…). HTML is shown as text.';
const IMAGE_HINT = ' For an image, upload it below: its Markdown goes where the cursor was (without script, save your text first, then paste the Markdown the upload gives you).';

/** The Markdown text of an item; `images`: the page has the image upload form (ImageUploadForm), and
 * the hint says how to use it (a page without one did, and had no upload). */
export function MarkdownField(p: { name: string; label: string; value?: string; error?: string; rows?: number; required?: boolean; images?: boolean }) {
  return (
    <TextArea
      name={p.name}
      label={p.label}
      value={p.value}
      error={p.error}
      rows={p.rows ?? 14}
      required={p.required ?? true}
      hint={p.images ? MARKDOWN_HINT + IMAGE_HINT : MARKDOWN_HINT}
      maxLength={100_000}
    />
  );
}

/** State, publish time and audience. `publishAt` is the `datetime-local` value in `timeZone`. */
export function PublishFields(p: {
  state: PublishState;
  publishAt?: string;
  audience?: string;
  timeZone: string;
  errors?: Record<string, string | undefined>;
  /** the states the item may move to (its own first) */
  states: readonly PublishState[];
  withAudience?: boolean;
}) {
  return (
    <fieldset>
      <legend>Publishing</legend>
      <Select name="state" label="State" value={p.state} options={p.states.map((s) => ({ value: s, label: STATE_LABELS[s] }))} error={p.errors?.state} required />
      <div class={p.errors?.publish_at ? 'field field-error' : 'field'}>
        <label for="f-publish_at">
          Publish at <span class="optional">(to schedule; {timeZoneLabel(p.timeZone)} time)</span>
        </label>
        <FieldError id="f-publish_at-error" error={p.errors?.publish_at} />
        <input
          id="f-publish_at"
          name="publish_at"
          type="datetime-local"
          value={p.publishAt ?? ''}
          aria-invalid={p.errors?.publish_at ? 'true' : undefined}
          aria-describedby={p.errors?.publish_at ? 'f-publish_at-error' : undefined}
        />
      </div>
      {p.withAudience === false ? null : (
        <RadioGroup
          name="audience"
          legend="Who may read it"
          value={p.audience ?? 'everyone'}
          options={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))}
          error={p.errors?.audience}
        />
      )}
    </fieldset>
  );
}

/** The form that uploads an image for an item's text. With script, the image goes up without
 * leaving the page and its Markdown lands in the field `markdownField` (its id) where the cursor
 * was; without, the author comes back to `returnTo` with the Markdown to paste. */
export function ImageUploadForm(p: { csrf: string; returnTo: string; markdownField: string; errors?: { file?: string; alt?: string } }) {
  return (
    <section aria-labelledby="image-upload-heading" class="image-upload" data-markdown-target={p.markdownField}>
      <h2 id="image-upload-heading">Add an image</h2>
      <PostForm action="/staff/publishing/images" csrf={p.csrf} enctype="multipart/form-data" label="Upload an image">
        <input type="hidden" name="return_to" value={p.returnTo} />
        <FileField
          name="image"
          label="Image"
          hint="JPEG, PNG or WebP, up to 10 MB; it is resized to 1,600 pixels wide and its location data removed."
          accept=".jpg,.jpeg,.png,.webp"
          error={p.errors?.file}
        />
        <Field name="alt" label="Alt text" hint="What the image shows, for people who cannot see it." required maxLength={300} error={p.errors?.alt} />
        <button type="submit" class="button-secondary">
          Upload the image
        </button>
      </PostForm>
      <p class="upload-status" role="status" />
      <script type="module" src="/assets/js/image-upload.js" />
    </section>
  );
}

const ACTION_WORDS: Record<string, string> = {
  created: 'Created',
  edited: 'Edited',
  scheduled: 'Scheduled',
  published: 'Published',
  archived: 'Archived',
  draft: 'Back to draft',
  changes_requested: 'Changes asked for',
  rejected: 'Rejected',
  taken_down: 'Taken down',
  closed: 'Closed',
  reopened: 'Reopened',
  withdrawn: 'Withdrawn',
};

export function RevisionHistory(p: { revisions: readonly Revision[]; timeZone: string; fieldLabels?: Record<string, string> }) {
  return (
    <SimpleTable
      caption="Revision history"
      rows={p.revisions}
      rowKey={(r) => r.id}
      empty="No revisions yet."
      rowHeader={false}
      columns={[
        { label: 'When', cell: (r) => formatTime(r.at, p.timeZone) },
        { label: 'Who', cell: (r) => r.actorName },
        { label: 'What', cell: (r) => ACTION_WORDS[r.action] ?? r.action },
        { label: 'Fields changed', cell: (r) => (r.changed.length ? r.changed.map((f) => p.fieldLabels?.[f] ?? f.replace(/_/g, ' ')).join(', ') : '—') },
      ]}
    />
  );
}

/** An item's text, rendered by `renderMarkdown` (safe HTML: raw HTML in the source is escaped). */
export function RenderedMarkdown(p: { html: string; class?: string }) {
  return <div class={p.class ? `prose ${p.class}` : 'prose'} dangerouslySetInnerHTML={{ __html: p.html }} />;
}
