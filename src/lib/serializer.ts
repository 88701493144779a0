// Response serialization: each route's zod response schema is turned into JSON Schema once and
// compiled with fast-json-stringify (Fastify's own serializer), which writes only the declared
// properties, so an undeclared field (a private one added by mistake) never reaches the client.
// A schema JSON Schema cannot express falls back to the zod serializer.
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Serialize = (data: unknown) => string;

// Compiled once per schema object: a schema is a module's constant, and an app built again in the
// same process (each test file builds its own) reuses what the first one compiled, which was most
// of the cost of building an app.
const compiled = new WeakMap<z.ZodType, Serialize>();

/** fast-json-stringify's function for `schema`, or null when JSON Schema cannot express it. */
function compile(schema: z.ZodType): { serialize: Serialize; required: string[] } | null {
  try {
    const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as Record<string, unknown>;
    const stringify = fastJson(json as unknown as Parameters<typeof fastJson>[0]);
    return { serialize: (data) => stringify(data), required: Array.isArray(json.required) ? (json.required as string[]) : [] };
  } catch {
    return null;
  }
}

/**
 * A union of objects: fast-json-stringify writes an `anyOf` by validating the data against each
 * branch with ajv on every call (3–5 µs for the dues quote, a tenth of its CPU). Each branch is
 * compiled on its own instead, and the first whose required properties are all present writes the
 * answer (each still writes only its declared properties); data that none fits goes through the
 * whole `anyOf` as before. For data of the declared types this is the branch anyOf would pick.
 */
function compileUnion(schema: z.ZodUnion, whole: Serialize): Serialize | null {
  const options = schema.options as readonly z.ZodType[];
  if (!options.every((o) => o instanceof z.ZodObject)) return null;
  const branches = options.map(compile);
  if (!branches.every((b) => b !== null && b.required.length > 0)) return null;
  const kept = branches as Array<{ serialize: Serialize; required: string[] }>;
  // Only when the required properties tell the branches apart: no branch's set within another's
  // (a union told apart by a literal's value, like { kind: 'a' } | { kind: 'b' }, keeps anyOf).
  const within = (a: string[], b: string[]) => a.every((k) => b.includes(k));
  if (kept.some((a, i) => kept.some((b, j) => i !== j && within(a.required, b.required)))) return null;
  return (data) => {
    if (data !== null && typeof data === 'object') {
      const record = data as Record<string, unknown>;
      for (const b of kept) if (b.required.every((k) => record[k] !== undefined)) return b.serialize(data);
    }
    return whole(data);
  };
}

export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const { schema } = route;
  if (schema instanceof z.ZodType) {
    const kept = compiled.get(schema);
    if (kept) return kept;
    const whole = compile(schema);
    if (whole) {
      const serialize = (schema instanceof z.ZodUnion ? compileUnion(schema, whole.serialize) : null) ?? whole.serialize;
      compiled.set(schema, serialize);
      return serialize;
    }
    // fall through to the zod serializer
  }
  return (zodSerializerCompiler as FastifySerializerCompiler<unknown>)(route);
};
