import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { CompanyOwned } from '../company';
import { toGlobalId } from '../common/ids';
import { OnboardingTask } from './onboarding-task.entity';
import { Upload } from './upload.entity';

/** A file attached to an onboarding task. Downloaded with `GET /files/<id>`. */
@ObjectType({ implements: Node, description: 'A file attached to an onboarding task.' })
@Entity('onboarding_attachments')
@Index(['taskId', 'uploadId'], { unique: true })
@Index(['companyId'])
export class OnboardingAttachment extends CompanyOwned {
  @Column({ type: 'varchar', length: 36 })
  taskId!: string;

  @ManyToOne(() => OnboardingTask, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task?: OnboardingTask;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  uploadId!: string;

  @ManyToOne(() => Upload, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploadId' })
  upload?: Upload;

  @Column({ type: 'varchar', length: 36 })
  attachedById!: string;

  // Copied from the upload so that listing attachments needs no second query.
  @Field()
  @Column({ type: 'varchar', length: 200 })
  filename!: string;

  @Field({ description: 'Detected from the file’s bytes.' })
  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Field(() => Int, { description: 'Bytes.' })
  @Column({ type: 'integer' })
  size!: number;

  @Field({ description: 'Path to download the file with your bearer token: `GET /files/<id>`.' })
  get url(): string {
    return `/files/${toGlobalId('OnboardingAttachment', this.id)}`;
  }
}
