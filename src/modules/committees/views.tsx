// Public and members' pages of committees: the list of committees, a committee's roster (current
// holders, vacancies, and how to nominate while a window is open), the nomination form, and a
// person's own nominations and appointments to answer. Nominations never appear on public pages.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { BackLink, ErrorSummary, Field, PostForm, RadioGroup, Select, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { CommitteeSummary, ElectionSummary, MyNomination, MyPlace, RosterSeat } from './queries.js';

/** For a signed-in person: where their own nominations and seats are. */
function MineLink(p: { ctx: PageContext }) {
  return p.ctx.principal ? (
    <p>
      <a href="/committees/mine">Your nominations and seats</a>
    </p>
  ) : null;
}

export function CommitteesPage(p: { ctx: PageContext; committees: CommitteeSummary[]; open: ReadonlySet<string> }) {
  return (
    <Layout ctx={p.ctx} title="Committees">
      <h1>Committees</h1>
      <p class="lead">The association’s committees, who sits on them and which seats are open. Elected officials of member organizations in good standing can stand for a seat.</p>
      {p.committees.length === 0 ? (
        <p>There are no committees yet.</p>
      ) : (
        <ul>
          {p.committees.map((c) => (
            <li key={c.id}>
              <a href={`/committees/${c.slug}`}>{c.name}</a>
              {c.region ? ` (${c.region})` : ''}
              {c.description ? ` — ${c.description}` : ''}
              {p.open.has(c.id) ? <strong> Nominations open.</strong> : null}
            </li>
          ))}
        </ul>
      )}
      <MineLink ctx={p.ctx} />
    </Layout>
  );
}

const placesWord = (n: number) => (n === 1 ? '1 seat' : `${n} seats`);

export function RosterPage(p: { ctx: PageContext; committee: CommitteeSummary; seats: RosterSeat[]; open: ElectionSummary[] }) {
  const holders = p.seats.flatMap((s) => s.holders.map((h, i) => ({ key: `${s.seatId}-${i}`, seat: s.title, ...h })));
  const vacancies = p.seats.filter((s) => s.vacancies > 0);
  return (
    <Layout ctx={p.ctx} title={p.committee.name}>
      <BackLink href="/committees">Committees</BackLink>
      <h1>{p.committee.name}</h1>
      {p.committee.region ? <p class="lead">Region: {p.committee.region}</p> : null}
      {p.committee.description ? <p>{p.committee.description}</p> : null}
      <SimpleTable
        caption="Current members"
        rows={holders}
        rowKey={(h) => h.key}
        empty="Nobody holds a seat at the moment."
        columns={[
          { label: 'Name', cell: (h) => h.name },
          { label: 'Seat', cell: (h) => h.seat },
          { label: 'Organization', cell: (h) => h.organization ?? '—' },
          { label: 'Term ends', cell: (h) => formatDay(h.termEnd) },
        ]}
      />
      <h2>Vacancies</h2>
      {vacancies.length === 0 ? (
        <p>Every seat is filled.</p>
      ) : (
        <ul>
          {vacancies.map((s) => (
            <li key={s.seatId}>
              {s.title}: {placesWord(s.vacancies)} vacant of {s.count}
            </li>
          ))}
        </ul>
      )}
      <h2>Nominations</h2>
      {p.open.length === 0 ? (
        <p>Nominations are not open at the moment.</p>
      ) : (
        <>
          {p.open.map((e) => (
            <p key={e.id}>
              Nominations for the {e.title} are open until {formatDay(e.closesOn)}.
            </p>
          ))}
          <p>
            Any member can nominate themself or another member. The person nominated must be an elected official of a member organization in good standing, and must accept before
            the nomination stands. Nominations are seen only by programs staff and the person nominated.
          </p>
          <p>
            <a href={`/committees/${p.committee.slug}/nominate`}>Make a nomination</a>
            {p.ctx.principal ? '' : ' (you will be asked to sign in)'}
          </p>
        </>
      )}
      <MineLink ctx={p.ctx} />
    </Layout>
  );
}

export interface NominationValues {
  electionId?: string;
  seatId?: string;
  who?: string;
  nominee?: string;
  statement?: string;
}

const NOMINATION_LABELS = {
  electionId: 'Election',
  seatId: 'Seat',
  who: 'Whom you nominate',
  nominee: 'Email of the member you nominate',
  statement: 'Statement for programs staff',
};

export function NominatePage(p: {
  ctx: PageContext;
  committee: CommitteeSummary;
  open: ElectionSummary[];
  seats: Array<{ id: string; title: string }>;
  values?: NominationValues;
  errors?: FieldErrors;
  message?: string;
}) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const only = p.open.length === 1 ? p.open[0] : undefined;
  return (
    <Layout ctx={p.ctx} title={`Nominate for the ${p.committee.name}`}>
      <BackLink href={`/committees/${p.committee.slug}`}>{p.committee.name}</BackLink>
      <h1>Nominate for the {p.committee.name}</h1>
      <ErrorSummary errors={p.errors} labels={NOMINATION_LABELS} message={p.message} />
      {p.open.length === 0 ? (
        <p>Nominations are not open at the moment. The committee’s page says when they open.</p>
      ) : (
        <>
          <p class="lead">
            You can nominate yourself or another member. Only an elected official of a member organization in good standing can stand. When you nominate someone else, we email them
            and the nomination stands only once they accept it.
          </p>
          <PostForm action={`/committees/${p.committee.slug}/nominate`} csrf={p.ctx.csrf} label="Nomination">
            {only ? (
              <>
                <input type="hidden" name="electionId" value={only.id} />
                <p>
                  {only.title}: nominations close on {formatDay(only.closesOn)}.
                </p>
              </>
            ) : (
              <Select
                name="electionId"
                label={NOMINATION_LABELS.electionId}
                required
                includeBlank="Choose the election"
                value={v.electionId}
                error={e.electionId}
                options={p.open.map((x) => ({ value: x.id, label: `${x.title} (closes ${formatDay(x.closesOn)})` }))}
              />
            )}
            <Select
              name="seatId"
              label={NOMINATION_LABELS.seatId}
              required
              includeBlank="Choose a seat"
              value={v.seatId}
              error={e.seatId}
              options={p.seats.map((s) => ({ value: s.id, label: s.title }))}
            />
            <RadioGroup
              name="who"
              legend={NOMINATION_LABELS.who}
              value={v.who ?? 'self'}
              error={e.who}
              options={[
                { value: 'self', label: 'Myself' },
                { value: 'other', label: 'Another member' },
              ]}
            />
            <Field
              name="nominee"
              label={NOMINATION_LABELS.nominee}
              type="email"
              value={v.nominee}
              error={e.nominee}
              autocomplete="off"
              hint="Only when you nominate another member: the email they sign in with."
            />
            <TextArea
              name="statement"
              label={NOMINATION_LABELS.statement}
              rows={3}
              maxLength={2000}
              value={v.statement}
              error={e.statement}
              hint="Why this person should hold the seat. Only programs staff and the person nominated see it."
            />
            <button type="submit">Send the nomination</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

const NOMINATION_STATUS: Record<MyNomination['status'], string> = {
  awaiting: 'Waiting for your answer',
  accepted: 'Accepted: it stands',
  declined: 'Declined',
  elected: 'Elected',
};

const PLACE_STATUS: Record<MyPlace['status'], string> = { offered: 'Waiting for your answer', holding: 'You hold this seat', declined: 'Declined' };

export function MinePage(p: { ctx: PageContext; nominations: MyNomination[]; places: MyPlace[]; message?: string }) {
  return (
    <Layout ctx={p.ctx} title="My committee nominations">
      <h1>My committee nominations</h1>
      <ErrorSummary message={p.message} title={p.message ? 'We could not record your answer' : undefined} />
      <p class="lead">Nominations of you and seats offered to you. Nobody else sees them but programs staff; you appear on a committee only once you accept.</p>
      <SimpleTable
        caption="Nominations of you"
        rows={p.nominations}
        rowKey={(n) => n.id}
        empty="Nobody has nominated you."
        columns={[
          { label: 'Committee', cell: (n) => <a href={`/committees/${n.slug}`}>{n.committee}</a> },
          { label: 'Seat', cell: (n) => n.seat },
          { label: 'Election', cell: (n) => `${n.election} (closes ${formatDay(n.closesOn)})` },
          { label: 'Nominated by', cell: (n) => (n.self ? 'You' : (n.nominatedBy ?? '—')) },
          {
            label: 'Status',
            cell: (n) =>
              n.status === 'awaiting' ? (
                <>
                  <PostForm action={`/committees/nominations/${n.id}/accept`} csrf={p.ctx.csrf} class="inline-form" label={`Accept the nomination for ${n.seat}, ${n.committee}`}>
                    <button type="submit">Accept</button>
                  </PostForm>{' '}
                  <PostForm action={`/committees/nominations/${n.id}/decline`} csrf={p.ctx.csrf} class="inline-form" label={`Decline the nomination for ${n.seat}, ${n.committee}`}>
                    <button type="submit" class="button-secondary">
                      Decline
                    </button>
                  </PostForm>
                </>
              ) : (
                NOMINATION_STATUS[n.status]
              ),
          },
        ]}
      />
      <SimpleTable
        caption="Your seats and appointments"
        rows={p.places}
        rowKey={(x) => x.id}
        empty="You hold no seat, and no appointment is waiting for you."
        columns={[
          { label: 'Committee', cell: (x) => <a href={`/committees/${x.slug}`}>{x.committee}</a> },
          { label: 'Seat', cell: (x) => x.seat },
          { label: 'Term', cell: (x) => `${formatDay(x.startsOn)} to ${formatDay(x.endsOn)}` },
          { label: 'How', cell: (x) => (x.method === 'elected' ? 'Elected' : 'Appointed') },
          {
            label: 'Status',
            cell: (x) =>
              x.status === 'offered' ? (
                <>
                  <PostForm action={`/committees/appointments/${x.id}/accept`} csrf={p.ctx.csrf} class="inline-form" label={`Accept the appointment as ${x.seat}, ${x.committee}`}>
                    <button type="submit">Accept</button>
                  </PostForm>{' '}
                  <PostForm
                    action={`/committees/appointments/${x.id}/decline`}
                    csrf={p.ctx.csrf}
                    class="inline-form"
                    label={`Decline the appointment as ${x.seat}, ${x.committee}`}
                  >
                    <button type="submit" class="button-secondary">
                      Decline
                    </button>
                  </PostForm>
                </>
              ) : (
                PLACE_STATUS[x.status]
              ),
          },
        ]}
      />
    </Layout>
  );
}
