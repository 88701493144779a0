// The demo's stories: on /news, the members-only one a teaser for visitors, the scheduled one and
// the draft nowhere, and the stories featuring demo members on those members' network pages.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { TestClient } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createDeps } from '../../deps.js';
import { fixedClock } from '../../lib/clock.js';
import { seedDemo } from '../../seed/demo.js';
import { wireModules } from '../index.js';

describe('the demo’s news', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDatabase(inject('dbTemplate'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', PUBLIC_URL: 'http://civnet.test', MAX_EVENT_LOOP_DELAY_MS: '0' });
    const now = new Date();
    expect(await seedDemo(db.database.db, { config, now })).toBe(true);
    app = await buildApp(createDeps(config, db.database, fixedClock(now), { wire: wireModules, pollingIntervalSeconds: 0.5 }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists the live stories and links the featured members’ network pages to theirs', async () => {
    const visitor = new TestClient(app);
    const list = dom((await visitor.get('/news')).body);
    expect(list.querySelectorAll('main .card h2').map((h) => h.text.trim())).toEqual([
      'King County helps 1,200 households switch to heat pumps',
      'Hennepin County plants 900 trees where the heat is worst',
      'Call for session proposals for the annual conference',
      'Inside Anchorage’s resilience hubs: lessons for members',
    ]);
    const teaser = await visitor.get('/news/anchorage-resilience-hubs-lessons');
    expect(teaser.body).not.toContain('volunteer training');
    expect((await visitor.get('/news/circular-procurement-pilot')).statusCode).toBe(404);
    expect((await visitor.get('/news/springfield-energy-benchmarking-draft')).statusCode).toBe(404);
    for (const [org, story] of [
      ['king-county-wa', 'king-county-heat-pump-rebates'],
      ['hennepin-county-mn', 'hennepin-county-street-trees'],
    ]) {
      const page = dom((await visitor.get(`/network/${org}`)).body);
      expect(
        page.querySelectorAll('section[aria-labelledby="stories"] a').map((a) => a.getAttribute('href')),
        org,
      ).toEqual([`/news/${story}`]);
    }
  });
});
