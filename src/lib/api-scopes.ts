// API scopes: what an API token may be used for. Every JSON API route (`/api/v1/…`) has one,
// derived from its path and method — `<resource>:read` for GET, `<resource>:write` for anything
// else — unless the route names its own in `config.scope`. The resource is the path's first
// segment after `/api/v1/`, or a longer prefix listed in RESOURCE_OF. The list of scopes is the
// set of the routes' scopes, so a module that adds an API route adds (or reuses) its scope
// without touching this file.
import { type Access, decide, type Principal } from './access.js';

export const API_PREFIX = '/api/v1/';

/** Longer prefixes that belong to another resource than their first segment (most specific first). */
const RESOURCE_OF: ReadonlyArray<readonly [prefix: string, resource: string]> = [
  ['/api/v1/me/registrations', 'events'],
  ['/api/v1/me', 'account'],
  ['/api/v1/org/invoices', 'invoices'],
  ['/api/v1/org/assistance', 'assistance'],
  ['/api/v1/org/contacts', 'organizations'],
  ['/api/v1/invoices/:id/payments', 'payments'],
  ['/api/v1/invoices/:id/refunds', 'payments'],
  ['/api/v1/receivables', 'invoices'],
  ['/api/v1/individual-dues', 'dues'],
];

export const isApiRoute = (url: string): boolean => url.startsWith(API_PREFIX);

/** The scope a call of this route needs: `config.scope`, or `<resource>:read|write`. */
export function scopeOf(method: string, url: string, declared?: string): string {
  if (declared) return declared;
  const found = RESOURCE_OF.find(([prefix]) => url === prefix || url.startsWith(`${prefix}/`));
  const resource = found ? found[1] : (url.slice(API_PREFIX.length).split('/')[0] ?? '');
  const verb = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  return `${resource}:${verb}`;
}

/** A route as the app's route table lists it. */
export interface ApiRoute {
  method: string;
  url: string;
  access: Access;
  scope?: string;
}

/** Whether a route needs a scope at all: public routes answer anyone, token or not. */
const needsScope = (r: ApiRoute) => isApiRoute(r.url) && r.access.kind !== 'public' && r.access.kind !== 'mfaPending';

/** Every scope of the API, sorted: one per resource and verb that some non-public route needs. */
export function apiScopes(routes: readonly ApiRoute[]): string[] {
  return [...new Set(routes.filter(needsScope).map((r) => scopeOf(r.method, r.url, r.scope)))].sort();
}

/** The scopes this person may give a token: those of at least one route the person may call
 * today. A token never holds more than its creator (and each call is checked again). */
export function grantableScopes(routes: readonly ApiRoute[], principal: Principal): string[] {
  const held = new Set<string>();
  for (const r of routes) if (needsScope(r) && decide(r.access, principal, false) === 'allow') held.add(scopeOf(r.method, r.url, r.scope));
  return [...held].sort();
}

/** A scope in words for the forms: `invoices:read` → "invoices: read". */
export const scopeLabel = (scope: string): string => scope.replace(':', ': ').replace(/-/g, ' ');
