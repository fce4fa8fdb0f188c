import { Field, ObjectType, type ClassType } from 'type-graphql';
import { UserError, UserFailure } from './errors';

/** What every mutation returns: the changed object (or null when refused) and `userErrors`. */
export interface PayloadShape<T> {
  result: T | null;
  userErrors: UserError[];
}

/**
 * Base of a `…Payload` type holding `type` under the GraphQL field `field` (README "How the API behaves"):
 * `@ObjectType() class CreateTeamPayload extends Payload(Team, 'team') {}`.
 */
export function Payload<T extends object>(type: ClassType<T>, field: string) {
  @ObjectType()
  abstract class PayloadType implements PayloadShape<T> {
    @Field(() => type, { name: field, nullable: true, description: 'Null when the mutation was refused.' })
    result!: T | null;

    @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success.' })
    userErrors!: UserError[];
  }
  return PayloadType;
}

/**
 * Runs a service call for a mutation: its result on success, or its UserFailure as `userErrors`
 * (the service's transaction has already rolled back). Anything else propagates as a GraphQL error.
 */
export async function mutate<T>(work: () => Promise<T>): Promise<PayloadShape<T>> {
  try {
    return { result: await work(), userErrors: [] };
  } catch (error) {
    if (error instanceof UserFailure) return { result: null, userErrors: [error.toUserError()] };
    throw error;
  }
}
