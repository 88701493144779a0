// The member concerned's pages: their cases, and one case with its documents and deadlines, the
// response form while it is due and the appeal form while the window is open.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { ErrorSummary, FileField, PostForm, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { STAGE_WORDS } from './cases-common.js';
import { CASE_FILE_ACCEPT, CASE_FILE_TEXT } from './cases-files.js';
import { CaseFilesTable, CaseSummary, type CaseView } from './cases-parts.js';
import type { CaseFileRow } from './cases-queries.js';

export function MyCasesPage(p: { ctx: PageContext; cases: Array<{ id: string; reference: string; stage: keyof typeof STAGE_WORDS; filed_at: Date }> }) {
  return (
    <Layout ctx={p.ctx} title="Ethics cases concerning you">
      <h1>Ethics cases concerning you</h1>
      <SimpleTable
        caption="Cases concerning you"
        rows={p.cases}
        rowKey={(c) => c.id}
        empty="No ethics case concerns you."
        columns={[
          { label: 'Case', cell: (c) => <a href={`/me/ethics/${c.id}`}>{c.reference}</a> },
          { label: 'Stage', cell: (c) => STAGE_WORDS[c.stage] },
          { label: 'Filed', cell: (c) => formatZonedDay(c.filed_at, p.ctx.timeZone) },
        ]}
      />
    </Layout>
  );
}

export function RespondentCasePage(p: {
  ctx: PageContext;
  c: CaseView;
  today: string;
  files: CaseFileRow[];
  form?: { kind: 'response' | 'appeal'; values: Record<string, string>; errors: FieldErrors; message?: string };
}) {
  const c = p.c;
  const base = `/me/ethics/${c.id}`;
  const canRespond = c.stage === 'response' && !c.responded_at && !!c.response_due_on && p.today <= c.response_due_on;
  const canAppeal = c.stage === 'appeal_window' && !!c.appeal_closes_on && p.today <= c.appeal_closes_on;
  const f = (k: 'response' | 'appeal') => (p.form?.kind === k ? p.form : undefined);
  return (
    <Layout ctx={p.ctx} title={`Ethics case ${c.reference}`}>
      <h1>Ethics case {c.reference}</h1>
      <p class="lead">A complaint under the Code of Ethics concerns you. The proceedings are confidential.</p>
      <ErrorSummary errors={p.form?.errors} labels={{ text: p.form?.kind === 'appeal' ? 'Your appeal' : 'Your response', files: 'Attachments' }} message={p.form?.message} />
      <CaseSummary c={c} zone={p.ctx.timeZone} />
      <CaseFilesTable files={p.files} base={base} zone={p.ctx.timeZone} />
      {canRespond ? (
        <>
          <h2>Your written response</h2>
          <p>Send it by {formatDay(c.response_due_on)}. You can send it once.</p>
          <PostForm action={`${base}/response`} csrf={p.ctx.csrf} enctype="multipart/form-data" label="Your written response">
            <TextArea name="text" label="Your response" required rows={8} maxLength={20000} value={f('response')?.values.text} error={f('response')?.errors.text} />
            <FileField name="files" label="Attachments" optional multiple hint={`${CASE_FILE_TEXT}.`} accept={CASE_FILE_ACCEPT} error={f('response')?.errors.files} />
            <button type="submit">Send your response</button>
          </PostForm>
        </>
      ) : null}
      {canAppeal ? (
        <>
          <h2>Appeal the decision</h2>
          <p>You may appeal until {formatDay(c.appeal_closes_on)}. Without an appeal, the decision takes effect the day after.</p>
          <PostForm action={`${base}/appeal`} csrf={p.ctx.csrf} label="Appeal the decision">
            <TextArea
              name="text"
              label="Your appeal"
              required
              rows={6}
              maxLength={20000}
              value={f('appeal')?.values.text}
              error={f('appeal')?.errors.text}
              hint="Why the decision should be reconsidered."
            />
            <button type="submit">File the appeal</button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}
