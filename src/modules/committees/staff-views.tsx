// Programs staff pages of committees: the list with the form to add one, and a committee's page:
// its seats, terms with holders and offers, elections with every nomination, and the forms to add
// a seat, a term or an election, record an election, and appoint someone.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { BackLink, ErrorSummary, Field, PostForm, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { CommitteeSummary, StaffElection, StaffTerm } from './queries.js';

const COMMITTEE_LABELS = { name: 'Name', slug: 'Web address', description: 'Description', region: 'Region', reminderDays: 'Reminder, days before a term ends' };

export function StaffCommitteesPage(p: { ctx: PageContext; committees: CommitteeSummary[]; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Committees">
      <h1>Committees</h1>
      <p class="lead">Committees, their seats and terms, elections and nominations. The public roster of each is at /committees.</p>
      <SimpleTable
        caption="Committees, by name"
        rows={p.committees}
        rowKey={(c) => c.id}
        empty="No committee yet: add the first below."
        columns={[
          { label: 'Committee', cell: (c) => <a href={`/staff/committees/${c.id}`}>{c.name}</a> },
          { label: 'Region', cell: (c) => c.region ?? '—' },
          { label: 'Public page', cell: (c) => <a href={`/committees/${c.slug}`}>/committees/{c.slug}</a> },
        ]}
      />
      <h2 id="new">Add a committee</h2>
      <ErrorSummary errors={p.errors} labels={COMMITTEE_LABELS} />
      <PostForm action="/staff/committees" csrf={p.ctx.csrf} label="Add a committee">
        <Field name="name" label={COMMITTEE_LABELS.name} required value={v.name} error={e.name} maxLength={120} />
        <Field
          name="slug"
          label={COMMITTEE_LABELS.slug}
          value={v.slug}
          error={e.slug}
          maxLength={80}
          hint="Optional: made from the name when left empty, like northeast-executive."
        />
        <TextArea name="description" label={COMMITTEE_LABELS.description} rows={3} maxLength={2000} value={v.description} error={e.description} />
        <Field name="region" label={COMMITTEE_LABELS.region} value={v.region} error={e.region} maxLength={80} hint="Optional, like Northeast." />
        <Field
          name="reminderDays"
          label={COMMITTEE_LABELS.reminderDays}
          type="number"
          inputMode="numeric"
          required
          value={v.reminderDays ?? '30'}
          error={e.reminderDays}
          hint="Holders and programs staff are emailed this many days before a term ends."
        />
        <button type="submit">Add the committee</button>
      </PostForm>
    </Layout>
  );
}

export function StaffCommitteeEditPage(p: { ctx: PageContext; committee: CommitteeSummary; values: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={`Change ${p.committee.name}`}>
      <BackLink href={`/staff/committees/${p.committee.id}`}>{p.committee.name}</BackLink>
      <h1>Change {p.committee.name}</h1>
      <p class="lead">Its web address, /committees/{p.committee.slug}, stays as it is: emails and bookmarks link to it.</p>
      <ErrorSummary errors={p.errors} labels={COMMITTEE_LABELS} />
      <PostForm action={`/staff/committees/${p.committee.id}/edit`} csrf={p.ctx.csrf} label="Committee details">
        <Field name="name" label={COMMITTEE_LABELS.name} required value={v.name} error={e.name} maxLength={120} />
        <TextArea name="description" label={COMMITTEE_LABELS.description} rows={3} maxLength={2000} value={v.description} error={e.description} />
        <Field name="region" label={COMMITTEE_LABELS.region} value={v.region} error={e.region} maxLength={80} />
        <Field name="reminderDays" label={COMMITTEE_LABELS.reminderDays} type="number" inputMode="numeric" required value={v.reminderDays} error={e.reminderDays} />
        <button type="submit">Save the changes</button>
      </PostForm>
    </Layout>
  );
}

export type StaffForm = 'seat' | 'term' | 'election' | 'elect' | 'appoint';

const LABELS = {
  seat: { title: 'Seat name', count: 'Number of seats' },
  term: { seatId: 'Seat', startsOn: 'First day of the term', endsOn: 'Last day of the term' },
  election: { name: 'Election name', opensOn: 'Nominations open on', closesOn: 'Nominations close on' },
  elect: { termId: 'Term', nominationId: 'Accepted nomination' },
  appoint: { term: 'Term of the appointment', email: 'Email of the person appointed' },
} satisfies Record<StaffForm, Record<string, string>>;

const NOMINATION_STATUS = { awaiting: 'Waiting for the nominee', accepted: 'Accepted: stands', declined: 'Declined', elected: 'Elected' } as const;

export function StaffCommitteePage(p: {
  ctx: PageContext;
  committee: CommitteeSummary;
  seats: Array<{ id: string; title: string; count: number }>;
  terms: StaffTerm[];
  elections: StaffElection[];
  form?: { kind: StaffForm; values: Record<string, string>; errors: FieldErrors; message?: string };
}) {
  const f = p.form;
  const vals = (k: StaffForm) => (f?.kind === k ? f.values : {});
  const errs = (k: StaffForm) => (f?.kind === k ? f.errors : {});
  const termLabel = (t: StaffTerm) => `${t.seat}, ${formatDay(t.startsOn)} to ${formatDay(t.endsOn)}`;
  const termOptions = p.terms.map((t) => ({ value: t.id, label: termLabel(t) }));
  const accepted = p.elections.flatMap((el) =>
    el.nominations.filter((n) => n.status === 'accepted').map((n) => ({ value: n.id, label: `${n.nominee} for ${n.seat} (${el.title})` })),
  );
  return (
    <Layout ctx={p.ctx} title={p.committee.name}>
      <BackLink href="/staff/committees">Committees</BackLink>
      <h1>{p.committee.name}</h1>
      <SummaryList
        rows={[
          ['Region', p.committee.region ?? '—'],
          ['Public page', <a href={`/committees/${p.committee.slug}`}>/committees/{p.committee.slug}</a>],
          ['Term-end reminder', `${p.committee.reminderDays} days before`],
          ['Description', p.committee.description],
        ]}
      />
      <p>
        <a href={`/staff/committees/${p.committee.id}/edit`}>Change the name, description, region or reminder</a>
      </p>
      {f ? <ErrorSummary errors={f.errors} labels={LABELS[f.kind] as Record<string, string>} message={f.message} /> : null}

      <h2 id="seats">Seats</h2>
      <SimpleTable
        caption="Seats of the committee"
        rows={p.seats}
        rowKey={(s) => s.id}
        empty="No seats yet."
        columns={[
          { label: 'Seat', cell: (s) => s.title },
          { label: 'How many', cell: (s) => s.count },
        ]}
      />
      <h3>Add a seat</h3>
      <PostForm action={`/staff/committees/${p.committee.id}/seats`} csrf={p.ctx.csrf} label="Add a seat">
        <Field
          name="title"
          label={LABELS.seat.title}
          required
          value={vals('seat').title}
          error={errs('seat').title}
          hint="Like Chair, Vice chair or Member at large."
          maxLength={80}
        />
        <Field name="count" label={LABELS.seat.count} type="number" inputMode="numeric" required value={vals('seat').count ?? '1'} error={errs('seat').count} />
        <button type="submit">Add the seat</button>
      </PostForm>

      <h2 id="terms">Terms and holders</h2>
      <SimpleTable
        caption="Terms, newest first"
        rows={p.terms}
        rowKey={(t) => t.id}
        empty="No terms yet."
        columns={[
          { label: 'Seat', cell: (t) => t.seat },
          { label: 'Term', cell: (t) => `${formatDay(t.startsOn)} to ${formatDay(t.endsOn)}` },
          {
            label: 'Holders',
            cell: (t) =>
              t.holders.length === 0 ? (
                'None yet'
              ) : (
                <ul>
                  {t.holders.map((h) => (
                    <li key={h.id}>
                      {h.name} ({h.email}){h.organization ? `, ${h.organization}` : ''}: {h.method === 'elected' ? 'elected' : 'appointed'}
                      {h.status === 'offered' ? ', has not accepted yet' : ''}
                    </li>
                  ))}
                </ul>
              ),
          },
          { label: 'Vacant', cell: (t) => `${t.count - t.holders.length} of ${t.count}` },
        ]}
      />
      <h3>Add a term</h3>
      <PostForm action={`/staff/committees/${p.committee.id}/terms`} csrf={p.ctx.csrf} label="Add a term">
        <Select
          name="seatId"
          label={LABELS.term.seatId}
          required
          includeBlank="Choose a seat"
          value={vals('term').seatId}
          error={errs('term').seatId}
          options={p.seats.map((s) => ({ value: s.id, label: s.title }))}
        />
        <Field name="startsOn" label={LABELS.term.startsOn} type="date" required value={vals('term').startsOn} error={errs('term').startsOn} />
        <Field name="endsOn" label={LABELS.term.endsOn} type="date" required value={vals('term').endsOn} error={errs('term').endsOn} />
        <button type="submit">Add the term</button>
      </PostForm>

      <h2 id="elections">Elections and nominations</h2>
      <p>Nominations are seen only here and by the person nominated.</p>
      {p.elections.length === 0 ? <p>No elections yet.</p> : null}
      {p.elections.map((el) => (
        <SimpleTable
          key={el.id}
          caption={`${el.title}: nominations open ${formatDay(el.opensOn)} to ${formatDay(el.closesOn)}`}
          rows={el.nominations}
          rowKey={(n) => n.id}
          empty="No nominations yet."
          columns={[
            { label: 'Nominee', cell: (n) => `${n.nominee} (${n.nomineeEmail})` },
            { label: 'Seat', cell: (n) => n.seat },
            { label: 'Organization', cell: (n) => n.organization },
            { label: 'Nominated by', cell: (n) => (n.self ? 'Themself' : (n.nominatedBy ?? '—')) },
            { label: 'Statement', cell: (n) => n.statement || '—' },
            { label: 'Status', cell: (n) => NOMINATION_STATUS[n.status] },
          ]}
        />
      ))}
      <h3>Add an election</h3>
      <PostForm action={`/staff/committees/${p.committee.id}/elections`} csrf={p.ctx.csrf} label="Add an election">
        <Field name="name" label={LABELS.election.name} required value={vals('election').name} error={errs('election').name} hint="Like 2027 election." maxLength={120} />
        <Field name="opensOn" label={LABELS.election.opensOn} type="date" required value={vals('election').opensOn} error={errs('election').opensOn} />
        <Field name="closesOn" label={LABELS.election.closesOn} type="date" required value={vals('election').closesOn} error={errs('election').closesOn} />
        <button type="submit">Add the election</button>
      </PostForm>

      <h2 id="record">Record an election</h2>
      <p>The nominee must have accepted, and must still be an elected official of a member organization in good standing. They are emailed.</p>
      <PostForm action={`/staff/committees/${p.committee.id}/elect`} csrf={p.ctx.csrf} label="Record an election">
        <Select name="termId" label={LABELS.elect.termId} required includeBlank="Choose a term" value={vals('elect').termId} error={errs('elect').termId} options={termOptions} />
        <Select
          name="nominationId"
          label={LABELS.elect.nominationId}
          required
          includeBlank={accepted.length ? 'Choose a nomination' : 'No accepted nomination'}
          value={vals('elect').nominationId}
          error={errs('elect').nominationId}
          options={accepted}
        />
        <button type="submit">Record the election</button>
      </PostForm>

      <h2 id="appoint">Appoint</h2>
      <p>The person must be an elected official of a member organization in good standing. They are emailed and hold the seat only once they accept.</p>
      <PostForm action={`/staff/committees/${p.committee.id}/appoint`} csrf={p.ctx.csrf} label="Appoint">
        <Select name="term" label={LABELS.appoint.term} required includeBlank="Choose a term" value={vals('appoint').term} error={errs('appoint').term} options={termOptions} />
        <Field name="email" label={LABELS.appoint.email} type="email" required value={vals('appoint').email} error={errs('appoint').email} autocomplete="off" />
        <button type="submit">Appoint</button>
      </PostForm>
    </Layout>
  );
}
