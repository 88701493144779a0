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

export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const { schema } = route;
  if (schema instanceof z.ZodType) {
    const kept = compiled.get(schema);
    if (kept) return kept;
    try {
      const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as Record<string, unknown>;
      const stringify = fastJson(json as unknown as Parameters<typeof fastJson>[0]);
      const serialize: Serialize = (data) => stringify(data);
      compiled.set(schema, serialize);
      return serialize;
    } catch {
      // fall through to the zod serializer
    }
  }
  return (zodSerializerCompiler as FastifySerializerCompiler<unknown>)(route);
};
