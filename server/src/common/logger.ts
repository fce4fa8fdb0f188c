import pino, { type Logger } from 'pino';
import type { Config } from '../config';

/** Structured JSON logs. Secrets never reach them: tokens and passwords are redacted. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'workroom' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', 'variables.input.password'],
      censor: '[redacted]',
    },
  });
}
