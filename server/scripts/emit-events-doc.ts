/**
 * Writes docs/events.md from the domain event catalogue (server/src/common/event-catalogue.ts) and
 * the modules' subscribers: every event type, when it is published, its payload fields and who
 * reacts to it. Run by `npm run generate`; CI fails when the committed file is stale.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EVENT_CATALOGUE, EVENT_TYPES, EventBus, type EventType } from '../src/common/events';
import { modules } from '../src/modules';

const root = path.join(__dirname, '../..');

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** A field's type as the docs show it: `string`, `OWNER \| FULL`, `string \| null`. */
function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.type ?? 'any';
}

/** A description may sit on the field or, for `.nullable()`, on one branch of its anyOf. */
const descriptionOf = (schema: JsonSchema): string =>
  schema.description ?? schema.anyOf?.map((s) => s.description).find(Boolean) ?? '';

function main(): void {
  const bus = new EventBus();
  for (const s of modules.flatMap((m) => m.subscribers ?? [])) bus.subscribe(s);

  const lines: string[] = [
    '<!-- Generated from server/src/common/event-catalogue.ts and the modules\' subscribers by `npm run generate`. Do not edit. -->',
    '',
    '# Domain events',
    '',
    'Every state change is published on the in-process event bus (`server/src/common/events.ts`) from inside the',
    'transaction that makes it. Each event carries:',
    '',
    '| Field | Type | Meaning |',
    '| --- | --- | --- |',
    '| `id` | string | Unique per event (UUIDv7), for deduplicating deliveries. |',
    '| `type` | string | One of the types below. |',
    '| `companyId` | string \\| null | The company whose data changed; null for account-level events. |',
    '| `actorId` | string \\| null | Row id of the user who did it; null when nobody did. |',
    '| `target` | `{ type, id }` | The object acted on: its GraphQL type name and row id (`node(id:)` takes the global id of both). |',
    '| `at` | Date | When it was published. |',
    '| `data` | object | The fields listed for its type. |',
    '',
    'Subscribers run `inTransaction` (inside the publisher\'s transaction; an error rolls the mutation back) or',
    '`afterCommit` (once it has committed, never after a rollback; errors are logged). See the README, "Publishing',
    'an event".',
    '',
    '| Type | Target | Scope | Subscribers |',
    '| --- | --- | --- | --- |',
  ];
  const subscribersLine = (type: EventType): string =>
    bus
      .subscribersOf(type)
      .map((s) => `${s.name} (${s.mode})`)
      .join(', ') || '—';
  for (const type of EVENT_TYPES) {
    const spec = EVENT_CATALOGUE[type];
    lines.push(`| [\`${type}\`](#${anchor(type)}) | ${spec.target} | ${spec.scope} | ${subscribersLine(type)} |`);
  }
  for (const type of EVENT_TYPES) {
    const spec = EVENT_CATALOGUE[type];
    lines.push('', `## ${type}`, '', spec.when, '', `Target: \`${spec.target}\`. Company: ${spec.scope === 'company' ? 'its company' : 'none (`companyId` is null)'}.`, '');
    const json = z.toJSONSchema(spec.data) as JsonSchema;
    const fields = Object.entries(json.properties ?? {});
    if (fields.length === 0) lines.push('`data`: no fields.');
    else {
      lines.push('| `data` field | Type | Meaning |', '| --- | --- | --- |');
      for (const [name, field] of fields) {
        const optional = json.required?.includes(name) ? '' : ' (optional)';
        lines.push(`| \`${name}\`${optional} | ${typeOf(field)} | ${descriptionOf(field)} |`);
      }
    }
    const reacting = bus.subscribersOf(type);
    lines.push('');
    if (reacting.length === 0) lines.push('Subscribers: none yet.');
    else {
      lines.push('Subscribers:', '');
      for (const s of reacting) lines.push(`- **${s.name}** (${s.mode}): ${s.description}${s.detail ? ` Here: ${s.detail(type)}.` : ''}`);
    }
  }
  const file = 'docs/events.md';
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, file), lines.join('\n') + '\n');
  console.log(`wrote ${file}`);
}

/** GitHub's heading anchor for an event type (`invitation.accepted` → `invitationaccepted`). */
const anchor = (type: string): string => type.toLowerCase().replace(/[^a-z0-9 -]/g, '');

main();
