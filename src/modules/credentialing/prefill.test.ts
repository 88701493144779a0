// The credential application starts from the positions the applicant's profile lists (/me): the
// form is filled with them (a year-only position runs from January of its first year to December
// of its last, or to now) and counts their years of service, which the applicant can still change;
// a saved draft is theirs and wins; with no positions listed the form starts empty at 0 years.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMember, credentialApplicationForm } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, formValuesOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-03-31T15:00:00Z');
});
afterAll(() => ctx?.close());

const signedIn = async (email: string) => {
  const c = ctx.client();
  await c.signIn(email);
  return c;
};

/** The profile form of /me, with two positions held (the current one first). */
const PROFILE = {
  employer_name: 'City of Linkton',
  employer_state: 'CO',
  title: 'City Manager',
  work_email_visibility: 'members',
  phone_visibility: 'members',
  mailing_address_visibility: 'members',
  listed: 'yes',
  pos_title_0: 'City Manager',
  pos_employer_0: 'City of Linkton',
  pos_state_0: 'CO',
  pos_start_0: '2020',
  pos_end_0: '',
  pos_title_1: 'Assistant City Manager',
  pos_employer_1: 'Town of Earlier',
  pos_state_1: 'WY',
  pos_start_1: '2012',
  pos_end_1: '2019',
};

const counted = (html: string) => dom(html).querySelector('main p.notice strong')?.textContent;
const positionsOn = (html: string) => {
  const v = formValuesOf(html, 'main form');
  return [1, 2, 3].map((i) => [v[`p${i}_title`], v[`p${i}_organization`], v[`p${i}_from`], v[`p${i}_to`]]);
};

describe('the credential application and the profile’s positions', () => {
  it('is filled in from the positions on the profile, with their years counted; the applicant changes them and their draft wins', async () => {
    const m = await aMember(ctx, { name: 'Lena Listed' });
    const c = await signedIn(m.email);
    const saved = await c.postForm('/me', PROFILE);
    expect(saved.statusCode).toBe(303);

    const page = await c.get('/credential/apply');
    expect(page.statusCode).toBe(200);
    expect(positionsOn(page.body)).toEqual([
      ['City Manager', 'City of Linkton', '2020-01', ''],
      ['Assistant City Manager', 'Town of Earlier', '2012-01', '2019-12'],
      ['', '', '', ''],
    ]);
    // 2020-01 to now (2027-03): 87 months; 2012-01 to 2019-12: 96 months
    expect(counted(page.body)).toBe('15 years and 3 months');
    expect(dom(page.body).querySelector('#positions-from-profile')?.textContent).toContain(
      'We filled in the positions listed on your profile. Your profile gives years only, so each runs from January of its first year to December of its last (or to now): correct the months',
    );

    // the applicant keeps only the first, from its true month, and saves the draft
    const draft = credentialApplicationForm({
      action: 'save',
      p1_title: 'City Manager',
      p1_organization: 'City of Linkton',
      p1_from: '2020-07',
      p1_to: '',
      p2_title: '',
      p2_organization: '',
      p2_from: '',
      p2_to: '',
    });
    expect((await c.postForm('/credential/apply', draft)).statusCode).toBe(303);
    const again = await c.get('/credential/apply');
    expect(positionsOn(again.body)[0]).toEqual(['City Manager', 'City of Linkton', '2020-07', '']);
    expect(positionsOn(again.body)[1]).toEqual(['', '', '', '']);
    expect(counted(again.body)).toBe('6 years and 9 months');
    expect(dom(again.body).querySelector('#positions-from-profile')).toBeNull();
  });

  it('with no positions on the profile, starts empty at 0 years', async () => {
    const m = await aMember(ctx, { name: 'Noel Nopositions' });
    const page = await (await signedIn(m.email)).get('/credential/apply');
    expect(positionsOn(page.body)[0]).toEqual(['', '', '', '']);
    expect(counted(page.body)).toBe('0 years');
    expect(dom(page.body).querySelector('#positions-from-profile')).toBeNull();
  });
});
