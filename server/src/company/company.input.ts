import {
  IsEmail,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { NOT_BLANK } from '../common/input-hygiene';
import type { Company } from './company.entity';
import { IdempotencyKeyField } from '../idempotency';

/** Contact fields shared by create and update. On update, `null` clears a field and omitting keeps it. */
@InputType()
abstract class CompanyContactFields implements Partial<Company> {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'http(s) URL.' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) URL' })
  @MaxLength(200)
  website?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'contactEmail must be a valid email address' })
  @MaxLength(254)
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'Digits, spaces and + ( ) - . only.' })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{4,30}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  addressLine1?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  addressLine2?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  region?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. "US".' })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as "US"' })
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "America/New_York".' })
  @IsOptional()
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as "Europe/Berlin"' })
  timezone?: string | null;
}

@InputType()
export class CreateCompanyInput extends CompanyContactFields {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field({ description: '1–100 characters.' })
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;
}

@InputType()
export class UpdateCompanyInput extends CompanyContactFields {
  @Field(() => ID)
  companyId!: string;

  @Field(() => String, { nullable: true, description: 'Omit to keep; cannot be cleared.' })
  @ValidateIf((o: UpdateCompanyInput) => o.name !== undefined)
  @IsString({ message: 'name cannot be null' })
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string | null;
}
