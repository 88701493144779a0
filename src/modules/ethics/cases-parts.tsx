// Parts of a case page that ethics staff, assigned committee members and the member concerned
// share: the complaint, the deadlines, the decision, the files and the dated timeline.

import type { EthicsOutcome, EthicsStage } from '../../db/types.js';
import { formatDay, formatTime, formatZonedDay } from '../../lib/format.js';
import { SimpleTable, SummaryList } from '../../web/components.js';
import { OUTCOME_WORDS, STAGE_WORDS } from './cases-common.js';
import type { CaseFileRow } from './cases-queries.js';

export interface CaseView {
  id: string;
  reference: string;
  stage: EthicsStage;
  respondent_name: string;
  respondent_organization: string;
  respondent_position: string;
  tenets: number[];
  facts: string;
  filed_at: Date;
  response_due_on: string | null;
  response_text: string | null;
  responded_at: Date | null;
  fact_finder: string | null;
  fact_finding_due_on: string | null;
  report_text: string | null;
  outcome: EthicsOutcome | null;
  outcome_reasons: string | null;
  suspension_until: string | null;
  appeal_closes_on: string | null;
  appeal_text: string | null;
  appeal_result: 'upheld' | 'overturned' | null;
  appeal_reasons: string | null;
  effective_on: string | null;
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const FILE_KIND = { complaint: 'Complaint', response: 'Response', report: 'Fact-finding report', appeal: 'Appeal' } as const;

export function Paragraphs(p: { text: string }) {
  return (
    <>
      {p.text.split(/\n{2,}/).map((para, i) => (
        <p key={i} class="prewrap">
          {para}
        </p>
      ))}
    </>
  );
}

/** `zone`: the time zone days of instants are written in (the page's). */
export function CaseSummary(p: { c: CaseView; zone: string }) {
  const c = p.c;
  return (
    <>
      <SummaryList
        rows={[
          ['Reference', c.reference],
          ['Stage', STAGE_WORDS[c.stage]],
          ['Member concerned', [c.respondent_name, c.respondent_position, c.respondent_organization].filter(Boolean).join(', ')],
          ['Tenets at issue', c.tenets.length ? c.tenets.map((n) => `Tenet ${n}`).join(', ') : 'None named'],
          ['Filed', formatZonedDay(c.filed_at, p.zone)],
        ]}
      />
      <h2>Deadlines</h2>
      <SummaryList
        rows={[
          ['Written response due', c.response_due_on ? `${formatDay(c.response_due_on)}${c.responded_at ? ' (received)' : ''}` : '—'],
          ['Fact-finding report due', c.fact_finding_due_on ? `${formatDay(c.fact_finding_due_on)}${c.fact_finder ? ` — ${c.fact_finder}` : ''}` : '—'],
          ['Appeal window closes', c.appeal_closes_on ? formatDay(c.appeal_closes_on) : '—'],
          ['In effect from', c.effective_on ? formatDay(c.effective_on) : '—'],
        ]}
      />
      <h2>The complaint</h2>
      <Paragraphs text={c.facts} />
      {c.response_text ? (
        <>
          <h2>The member’s written response</h2>
          <Paragraphs text={c.response_text} />
        </>
      ) : null}
      {c.report_text ? (
        <>
          <h2>Fact-finding report{c.fact_finder ? ` (${c.fact_finder})` : ''}</h2>
          <Paragraphs text={c.report_text} />
        </>
      ) : null}
      {c.outcome ? (
        <>
          <h2>The committee’s decision</h2>
          <p>
            <strong>{OUTCOME_WORDS[c.outcome]}</strong>
            {c.outcome === 'suspension' && c.suspension_until ? ` until ${formatDay(c.suspension_until)}` : ''}.
          </p>
          {c.outcome_reasons ? <Paragraphs text={c.outcome_reasons} /> : null}
        </>
      ) : null}
      {c.appeal_text ? (
        <>
          <h2>The appeal</h2>
          <Paragraphs text={c.appeal_text} />
          {c.appeal_result ? (
            <p>
              Appeal decided: <strong>{c.appeal_result === 'upheld' ? 'the decision is upheld' : 'the decision is overturned'}</strong>. {c.appeal_reasons ?? ''}
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function CaseFilesTable(p: { files: CaseFileRow[]; base: string; zone: string }) {
  return (
    <SimpleTable
      caption="Documents"
      rows={p.files}
      rowKey={(f) => f.id}
      empty="No documents."
      columns={[
        { label: 'File', cell: (f) => <a href={`${p.base}/files/${f.id}`}>{f.filename}</a> },
        { label: 'Part', cell: (f) => FILE_KIND[f.kind] },
        { label: 'Size', cell: (f) => size(f.size_bytes) },
        { label: 'Added', cell: (f) => formatZonedDay(f.created_at, p.zone) },
      ]}
    />
  );
}

export function Timeline(p: { events: Array<{ id: string; at: Date; summary: string; actor: string | null }>; zone: string }) {
  return (
    <SimpleTable
      caption="Timeline"
      rows={p.events}
      rowKey={(e) => e.id}
      empty="Nothing yet."
      rowHeader={false}
      columns={[
        { label: 'When', cell: (e) => formatTime(e.at, p.zone) },
        { label: 'Step', cell: (e) => e.summary },
        { label: 'Who', cell: (e) => e.actor ?? 'Civnet' },
      ]}
    />
  );
}
