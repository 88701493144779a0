// The response serializer: only declared properties are written; a union of objects told apart by
// their required properties is written by the branch whose properties are present, as anyOf would.
import fastJson from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quoteResponse } from '../modules/dues/schemas.js';
import { serializerCompiler } from './serializer.js';

const serializerFor = (schema: z.ZodType) =>
  (serializerCompiler as unknown as (route: { schema: unknown; method: string; url: string; httpStatus: string }) => (data: unknown) => string)({
    schema,
    method: 'GET',
    url: '/x',
    httpStatus: '200',
  });

describe('response serializer', () => {
  it("writes each branch of the dues quote's union as fast-json-stringify's anyOf does, and nothing undeclared", () => {
    const { $schema: _d, ...json } = z.toJSONSchema(quoteResponse, { io: 'output', target: 'draft-7' }) as Record<string, unknown>;
    const anyOf = fastJson(json as never);
    const serialize = serializerFor(quoteResponse);
    const priced = { amountCents: 120000, currency: 'USD', entityType: 'city', population: 75000, band: { min: 50001, max: null }, scheduleEffectiveFrom: '2020-01-01' };
    const contact = { contactRequired: true, contactEmail: 'dues@example.org' };
    for (const data of [priced, contact]) expect(serialize(data)).toBe(anyOf(data));
    // anyOf refuses (throws on) an undeclared property; a branch written on its own leaves it out.
    expect(JSON.parse(serialize({ ...priced, scheduleId: 'internal-id' }))).toEqual(priced);
    expect(JSON.parse(serialize({ ...contact, salary: 99 }))).toEqual(contact);
  });

  it('keeps anyOf for a union its required properties cannot tell apart (a literal decides)', () => {
    const union = z.union([z.object({ kind: z.literal('a'), value: z.string() }), z.object({ kind: z.literal('b'), value: z.number(), extra: z.string().optional() })]);
    const serialize = serializerFor(union);
    expect(JSON.parse(serialize({ kind: 'b', value: 7, extra: 'kept' }))).toEqual({ kind: 'b', value: 7, extra: 'kept' });
    expect(JSON.parse(serialize({ kind: 'a', value: 'x' }))).toEqual({ kind: 'a', value: 'x' });
  });

  it('takes the first branch whose required properties are present; data that fits none goes to the whole union, which refuses it', () => {
    const union = z.union([z.object({ a: z.number() }), z.object({ b: z.string() })]);
    const serialize = serializerFor(union);
    expect(JSON.parse(serialize({ b: 'yes', c: 'private' }))).toEqual({ b: 'yes' });
    expect(JSON.parse(serialize({ a: 1, b: 'both', c: 'private' }))).toEqual({ a: 1 });
    expect(() => serialize({ c: 'private' })).toThrow();
  });
});
