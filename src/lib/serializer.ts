// Response serialization: each route's zod response schema is turned into JSON Schema once and
// compiled with fast-json-stringify (Fastify's own serializer), which writes only the declared
// properties, so an undeclared field (a private one added by mistake) never reaches the client.
// A schema JSON Schema cannot express falls back to the zod serializer.
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const { schema } = route;
  if (schema instanceof z.ZodType) {
    try {
      const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as Record<string, unknown>;
      const stringify = fastJson(json as unknown as Parameters<typeof fastJson>[0]);
      return (data: unknown) => stringify(data);
    } catch {
      // fall through to the zod serializer
    }
  }
  return (zodSerializerCompiler as FastifySerializerCompiler<unknown>)(route);
};
