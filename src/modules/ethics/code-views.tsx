// The Code of Ethics as the public reads it (issue 17, I5): /ethics (the version in force, or a
// polite word before any is published), /ethics/versions (every published version) and an earlier
// version, marked superseded. The same body serves the staff preview of a draft.
import { formatZonedDay } from '../../lib/format.js';
import { SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { CodeVersion, PublishedVersionSummary } from './code.js';
import { CodeText } from './code-text.js';

/** The links every page of the code offers: filing a complaint, the censures, the versions. */
function CodeLinks(p: { versions: boolean }) {
  return (
    <nav aria-label="Code of Ethics">
      <ul>
        <li>
          <a href="/ethics/complaints/new">File a complaint under the code</a>
        </li>
        <li>
          <a href="/ethics/censures">Public censures</a>
        </li>
        {p.versions ? (
          <li>
            <a href="/ethics/versions">Earlier versions of the code</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The code's text: preamble, tenets with their guidelines (each in its own disclosure), rules of procedure. */
export function CodeBody(p: { code: Pick<CodeVersion, 'preamble' | 'rulesOfProcedure' | 'tenets'> }) {
  return (
    <>
      <section aria-labelledby="preamble">
        <h2 id="preamble">Preamble</h2>
        <CodeText text={p.code.preamble} />
      </section>
      <section aria-labelledby="tenets">
        <h2 id="tenets">The tenets</h2>
        {p.code.tenets.length === 0 ? <p>This version has no tenets yet.</p> : null}
        {p.code.tenets.map((t) => (
          <article key={t.number} class="tenet" aria-labelledby={`tenet-${t.number}`} id={`t${t.number}`}>
            <h3 id={`tenet-${t.number}`}>
              Tenet {t.number}. {t.title}
            </h3>
            <CodeText text={t.body} h={4} />
            {t.guidelines.trim() ? (
              <details>
                <summary>Guidelines for tenet {t.number}</summary>
                <CodeText text={t.guidelines} h={4} />
              </details>
            ) : null}
          </article>
        ))}
      </section>
      <section aria-labelledby="rules">
        <h2 id="rules">Rules of procedure</h2>
        <CodeText text={p.code.rulesOfProcedure} />
      </section>
    </>
  );
}

/** /ethics: the version in force; before any is published, a polite word and the way to ask. */
export function EthicsCodePage(p: { ctx: PageContext; code: CodeVersion | null; versionCount: number }) {
  if (!p.code) {
    return (
      <Layout ctx={p.ctx} title="Code of Ethics">
        <h1>Code of Ethics</h1>
        <p class="lead">
          {p.ctx.associationName} has not published its Code of Ethics here yet. It will appear on this page, with its tenets, their guidelines and the rules of procedure, as soon
          as it is published.
        </p>
        <p>Until then, questions about a member's conduct can go to the association's staff.</p>
      </Layout>
    );
  }
  return (
    <Layout ctx={p.ctx} title={p.code.title}>
      <h1>{p.code.title}</h1>
      <p class="lead">
        Version {p.code.version}, in force since {formatZonedDay(p.code.publishedAt, p.ctx.timeZone)}. It governs the conduct of every member; the rules of procedure below say how
        a complaint is handled.
      </p>
      <CodeLinks versions={p.versionCount > 1} />
      <CodeBody code={p.code} />
    </Layout>
  );
}

/** An earlier version, marked superseded (in words, not only by colour). */
export function SupersededCodePage(p: { ctx: PageContext; code: CodeVersion; inForce: PublishedVersionSummary | undefined }) {
  return (
    <Layout ctx={p.ctx} title={`${p.code.title}, version ${p.code.version} (superseded)`}>
      <p>
        <a href="/ethics/versions">All versions of the code</a>
      </p>
      <h1>
        {p.code.title}, version {p.code.version}
      </h1>
      <div class="notice" role="note">
        <p>
          <strong>Superseded.</strong> This version was published on {formatZonedDay(p.code.publishedAt, p.ctx.timeZone)} and is no longer in force.
          {p.inForce ? (
            <>
              {' '}
              The code in force is{' '}
              <a href="/ethics">
                version {p.inForce.version}, published {formatZonedDay(p.inForce.publishedAt, p.ctx.timeZone)}
              </a>
              .
            </>
          ) : null}
        </p>
      </div>
      <CodeBody code={p.code} />
    </Layout>
  );
}

/** /ethics/versions: every published version, newest first. */
export function CodeVersionsPage(p: { ctx: PageContext; versions: PublishedVersionSummary[] }) {
  return (
    <Layout ctx={p.ctx} title="Versions of the Code of Ethics">
      <p>
        <a href="/ethics">The code in force</a>
      </p>
      <h1>Versions of the Code of Ethics</h1>
      <p class="lead">Every version the association has published. A complaint is judged under the version in force when the conduct happened.</p>
      <SimpleTable
        caption="Published versions, newest first"
        rows={p.versions}
        rowKey={(v) => String(v.version)}
        empty="No version of the code has been published yet."
        columns={[
          { label: 'Version', cell: (v) => <a href={v.inForce ? '/ethics' : `/ethics/versions/${v.version}`}>Version {v.version}</a> },
          { label: 'Title', cell: (v) => v.title },
          { label: 'Published', cell: (v) => formatZonedDay(v.publishedAt, p.ctx.timeZone) },
          { label: 'Status', cell: (v) => (v.inForce ? 'In force' : 'Superseded') },
        ]}
      />
    </Layout>
  );
}
