// The home page.
import type { FastifyInstance } from 'fastify';
import { render } from 'preact-render-to-string';
import { access } from '../../lib/access.js';
import { hasFlash, type PageContext, pageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { placesOf, YourPlaces } from '../accounts/index.js';
import { NetworkImpact, networkFigures } from '../network/index.js';

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', { config: { access: access.public() } }, async (req, reply) => {
    // A visitor who is not signed in and has no message waiting gets the same page as every other
    // such visitor: kept with the network's summaries (emptied when they change), as bytes.
    if (!req.principal && !hasFlash(req)) {
      const body = await app.deps.summaries.get('home:page', async () => Buffer.from(`<!doctype html>${render(await homePage(await pageContext(req, reply)))}`));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
    }
    return sendPage(reply, await homePage(await pageContext(req, reply)));
  });

  async function homePage(ctx: PageContext) {
    const association = await app.deps.association.get();
    const impact = await networkFigures(app.deps);
    const places = ctx.principal ? await placesOf(app.deps, ctx.principal) : null;
    const welcome = (
      <li class="card">
        <h2>{ctx.principal ? `Welcome back, ${ctx.principal.name}` : 'Already a member?'}</h2>
        {places ? (
          <YourPlaces places={places} />
        ) : (
          <p>
            <a href="/login">Sign in</a> to see your membership, invoices and programs.
          </p>
        )}
      </li>
    );
    return (
      <Layout ctx={ctx} title="Home">
        <h1>{association.name}</h1>
        <p class="lead">
          The network of local governments and the people who run them: cities, counties, towns, regions and Tribal nations working together since {association.founded_year}.
        </p>
        <ul class="cards">
          {/* a signed-in person's own places come first; joining as a professional is offered
              only to someone without an individual membership (it would be refused) */}
          {ctx.principal ? welcome : null}
          <li class="card">
            <h2>For local governments</h2>
            <p>Membership follows your population. Your elected officials and staff get access, and a dedicated advisor looks after you.</p>
            <p>
              <a href="/join">Why and how to join</a>
            </p>
            <p>
              <a href="/dues">Work out your dues</a>
            </p>
          </li>
          {places?.some((pl) => pl.href === '/me/membership') ? null : (
            <li class="card">
              <h2>For professionals</h2>
              <p>Join as a manager, staff member, academic, student or retiree, and connect with peers across the country.</p>
              <p>
                <a href="/join/individual">Join as a professional</a>
              </p>
              <p>
                Between posts? <a href="/members-in-transition">Members in Transition</a> waives a member’s dues after an involuntary departure.
              </p>
            </li>
          )}
          {ctx.principal ? null : welcome}
        </ul>
        <NetworkImpact figures={impact} />
        <p>
          <a href="/network">See the network map and members</a>
        </p>
        <h2>Contact</h2>
        <p>
          Email <a href={`mailto:${association.contact_email}`}>{association.contact_email}</a>
          {association.phone ? ` or call ${association.phone}` : ''}.
        </p>
      </Layout>
    );
  }
}
