import { Column, Entity, Index } from 'typeorm';
import { Node } from '../common/node';

/** Bytes a user uploaded (`POST /uploads`), stored once per content hash under the upload directory. */
@Entity('uploads')
export class Upload extends Node {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  uploaderId!: string;

  /** SHA-256 of the bytes, hex: also the file's name on disk. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  size!: number;

  /** Detected from the bytes, never taken from the client. */
  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'varchar', length: 200 })
  filename!: string;
}
