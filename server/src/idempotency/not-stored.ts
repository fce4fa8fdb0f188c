import { Kind, getNamedType, isObjectType, type FragmentDefinitionNode, type GraphQLOutputType, type SelectionSetNode } from 'graphql';
import { Extensions } from 'type-graphql';

const NOT_STORED = 'idempotencyNotStored';

/**
 * On a field whose value is a secret shown once (a join link's token): an idempotent mutation's
 * stored answer keeps null in its place, so the secret is never written to the database, and
 * a replay answers null there, as any later read does.
 */
export const NotStored = (): MethodDecorator & PropertyDecorator => Extensions({ [NOT_STORED]: true });

/**
 * `value` (a field's JSON answer, of `type` as `selectionSet` selected it) with every
 * `@NotStored()` field nulled, at any depth.
 */
export function withoutSecrets(
  value: unknown,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
): unknown {
  const named = getNamedType(type);
  if (value === null || typeof value !== 'object' || !selectionSet || !isObjectType(named)) return value;
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, type, selectionSet, fragments));
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      } else {
        const key = selection.alias?.value ?? selection.name.value;
        const field = named.getFields()[selection.name.value];
        if (!field || !(key in out)) continue;
        out[key] = field.extensions[NOT_STORED] ? null : withoutSecrets(out[key], field.type, selection.selectionSet, fragments);
      }
    }
  };
  visit(selectionSet);
  return out;
}
