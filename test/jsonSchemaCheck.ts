/**
 * A small JSON-schema checker for the keywords our schemas use (type, const, enum, required, if/then,
 * properties, additionalProperties: false, items, minimum, maximum, pattern, $ref to a sibling
 * schema file). Returns the paths that do not conform; an empty list means the value conforms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function checkAgainstSchema(value: unknown, schema: Schema, schemaDir = 'schemas', path = '$'): string[] {
  if (typeof schema.$ref === 'string') return checkAgainstSchema(value, JSON.parse(readFileSync(join(schemaDir, schema.$ref), 'utf8')), schemaDir, path);
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const allowed = ([] as string[]).concat(schema.type as string | string[]);
    const ok = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    if (!ok) return [`${path}: ${actual}, expected ${allowed.join('|')}`];
  }
  if (schema.if && schema.then && checkAgainstSchema(value, schema.if as Schema, schemaDir, path).length === 0) errors.push(...checkAgainstSchema(value, schema.then as Schema, schemaDir, path));
  if ('const' in schema && value !== schema.const) errors.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above maximum`);
  }
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in obj)) errors.push(`${path}.${key}: missing`);
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) errors.push(...checkAgainstSchema(v, props[key], schemaDir, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...checkAgainstSchema(v, schema.additionalProperties as Schema, schemaDir, `${path}.${key}`));
    }
  }
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((v, i) => errors.push(...checkAgainstSchema(v, schema.items as Schema, schemaDir, `${path}[${i}]`)));
  return errors;
}
