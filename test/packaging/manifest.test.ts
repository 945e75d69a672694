// package.json must promise only what the code delivers: every contributed setting is read by the
// language server (server/settings.ts) or by the client, every setting the server reads is
// contributed with a default it agrees with, and every contributed command is registered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { toEngineSettings } from '../../server/settings';

interface SettingSchema {
  type?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  pattern?: string;
  additionalProperties?: SettingSchema;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const contributed: Record<string, SettingSchema> = Object.fromEntries(
  Object.entries(manifest.contributes.configuration.properties as Record<string, SettingSchema>).map(([key, schema]) => {
    assert.match(key, /^samepage\./, 'every setting lives under samepage.');
    return [key.slice('samepage.'.length), schema];
  }),
);

/** Read by vscode-languageclient itself (`<client id>.trace.server`), so no source names it. */
const LANGUAGE_CLIENT_SETTINGS = new Set(['trace.server']);

/** Dotted keys of the SamepageSettings interface in server/settings.ts (what the server reads). */
function serverSettingKeys(): string[] {
  const file = 'server/settings.ts';
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const keys: string[] = [];
  const walk = (members: ts.NodeArray<ts.TypeElement>, prefix: string) => {
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const key = prefix + member.name.getText(source);
      if (member.type && ts.isTypeLiteralNode(member.type)) walk(member.type.members, `${key}.`);
      else keys.push(key);
    }
  };
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'SamepageSettings') walk(node.members, '');
  });
  assert.ok(keys.length > 0, `no SamepageSettings interface found in ${file}`);
  return keys.sort();
}

/** `{ 'kernel.version': x }` → `{ kernel: { version: x } }`, the shape getConfiguration('samepage') returns. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = value;
  }
  return out;
}

/** Values a user may set that should each mean something different to the server. */
function distinctValues(schema: SettingSchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  if (schema.type === 'boolean') return [true, false];
  if (schema.type === 'integer' || schema.type === 'number') {
    const base = typeof schema.default === 'number' ? schema.default : (schema.minimum ?? 0);
    return [base, base + 1];
  }
  if (schema.type === 'string' && schema.pattern && new RegExp(schema.pattern).test('6.1')) return ['', '6.1'];
  if (schema.type === 'object' && schema.additionalProperties?.enum) {
    return schema.additionalProperties.enum.map((value) => ({ 'ksmtuned/example-rule': value }));
  }
  return undefined;
}

test('every setting the server reads is contributed', () => {
  const missing = serverSettingKeys().filter((key) => !(key in contributed));
  assert.deepEqual(missing, [], 'in server/settings.ts SamepageSettings but not in package.json contributes.configuration');
});

test('every contributed setting is read by the server or by the client', () => {
  const server = new Set(serverSettingKeys());
  const client = clientSources();
  // A client-side setting is read by its name ('statusBar.refreshSeconds' or 'samepage.statusBar.refreshSeconds').
  const readByClient = (key: string) => [`'${key}'`, `"${key}"`, `'samepage.${key}'`, `"samepage.${key}"`].some((s) => client.includes(s));
  const unread = Object.keys(contributed).filter((key) => !server.has(key) && !LANGUAGE_CLIENT_SETTINGS.has(key) && !readByClient(key));
  assert.deepEqual(unread, [], 'contributed in package.json, but neither server/settings.ts nor client/ reads it');
});

test('the contributed defaults are the server defaults', () => {
  const defaults = nest(Object.fromEntries(Object.entries(contributed).map(([key, schema]) => [key, schema.default])));
  assert.deepEqual(toEngineSettings(defaults), toEngineSettings({}));
});

test('each value a contributed setting allows makes a difference to the server', () => {
  for (const key of serverSettingKeys()) {
    const values = distinctValues(contributed[key] ?? {});
    if (!values) continue; // a schema without a closed set of values: the key check above still applies
    const results = new Set(values.map((value) => JSON.stringify(toEngineSettings(nest({ [key]: value })))));
    assert.equal(results.size, values.length, `samepage.${key}: the server treats some of ${JSON.stringify(values)} alike`);
  }
});

function clientSources(dir = 'client'): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return clientSources(path);
      return entry.name.endsWith('.ts') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

test('every contributed command is registered by the client, and menus name only contributed commands', () => {
  const commands: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
  // registerCommand may take the id from a constant, so look for the id literal anywhere in client/.
  const source = clientSources();
  assert.deepEqual(commands.filter((id) => !source.includes(`'${id}'`) && !source.includes(`"${id}"`)), [], 'not found in client/');
  assert.match(source, /registerCommand\(/);

  const menuItems = Object.values(manifest.contributes.menus ?? {}).flat() as { command?: string }[];
  const unknown = menuItems.map((item) => item.command).filter((id) => id && !commands.includes(id));
  assert.deepEqual(unknown, [], 'menus refer to commands that are not contributed');
});
