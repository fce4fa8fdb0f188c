import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Field } from 'type-graphql';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency.service';

/**
 * The optional `idempotencyKey` of an idempotent mutation's input: the same as the
 * `Idempotency-Key` header, for clients that cannot set headers. `@Idempotent()` reads and checks it.
 */
export function IdempotencyKeyField(): PropertyDecorator {
  const decorators = [
    Field(() => String, {
      nullable: true,
      description:
        `Makes retries safe: a repeat with the same key within 24 h returns the first answer and changes nothing. ` +
        `1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters, e.g. a UUID; the same as the Idempotency-Key header.`,
    }),
    IsOptional(),
    IsString(),
    MaxLength(IDEMPOTENCY_KEY_MAX_LENGTH),
  ];
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}
