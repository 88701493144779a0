// Signing in and out, a wrong password, a forbidden page, and the public pages around sign-in.
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { DEMO_PASSWORD, signIn, submit, visit } from './harness.js';

describe('sign-in journeys', () => {
  let context: BrowserContext;
  let page: Page;

  const app = useBrowserApp();
  beforeEach(async () => {
    context = await app.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' });

  it('membership staff sign in from the home page and sign out again', async () => {
    await visit(page, '/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Local Governments for Sustainability Network');
    expect(await page.getByRole('heading', { name: 'Already a member?' }).count()).toBe(1);

    await submit(page, () => nav().getByRole('link', { name: 'Sign in' }).click());
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Email', { exact: true }).fill('membership@example.org');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await submit(page, () => page.getByRole('button', { name: 'Sign in' }).click());

    expect(new URL(page.url()).pathname).toBe('/');
    expect(await nav().getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(await nav().getByRole('link', { name: 'Staff' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Welcome back, Maya Okafor' }).count()).toBe(1);

    await submit(page, () => nav().getByRole('button', { name: 'Sign out' }).click());
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('status').textContent()).toContain('You have signed out.');
    expect(await nav().getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await nav().getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Already a member?' }).count()).toBe(1);
  });

  it('a wrong password shows the error summary and the form again', async () => {
    await visit(page, '/login');
    await page.getByLabel('Email', { exact: true }).fill('membership@example.org');
    await page.getByLabel('Password', { exact: true }).fill('not the right password');
    await submit(page, () => page.getByRole('button', { name: 'Sign in' }).click(), { status: 401 });

    const summary = page.getByRole('alert');
    expect(await summary.count()).toBe(1);
    expect((await summary.getByRole('heading').textContent())?.trim()).not.toBe('');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('membership@example.org');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    expect(await nav().getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it('a member who opens the staff area gets 403 and a plain explanation', async () => {
    await signIn(page, 'member@example.org');
    expect(await nav().getByRole('link', { name: 'Staff' }).count()).toBe(0);
    await visit(page, '/staff', { status: 403 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You do not have access to this page');
  });

  it('a visitor sent to a signed-in page is asked to sign in and comes back after', async () => {
    await visit(page, '/account');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/login');
    expect(url.searchParams.get('next')).toBe('/account');
    await page.getByLabel('Email', { exact: true }).fill('member@example.org');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await submit(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My account');
  });

  it('the other public pages: email sign-in link, forgotten password, not found, API docs', async () => {
    await visit(page, '/login/magic');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in with an email link');
    await page.getByLabel('Email', { exact: true }).fill('member@example.org');
    await submit(page, () => page.getByRole('button', { name: 'Send sign-in link' }).click());
    expect(await page.getByRole('status').textContent()).toContain('we have sent it a link');

    await visit(page, '/password/forgot');
    await submit(page, () => page.getByRole('button', { name: 'Send reset link' }).click(), { status: 400 });
    expect(await page.getByRole('alert').count()).toBe(1);

    await visit(page, '/no/such/page', { status: 404 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');

    // /api/docs is Swagger UI, third-party markup we do not write: the one page not run through axe.
    const docs = await page.goto('/api/docs');
    expect(docs?.status()).toBe(200);
    await page.locator('.swagger-ui').first().waitFor();
  });
});
