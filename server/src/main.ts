import 'reflect-metadata';
import { buildApp } from './app';
import { createLogger } from './common/logger';
import { ConfigError, loadConfig } from './config';

const SHUTDOWN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const app = await buildApp(config, logger);
  const url = await app.listen(config.port, config.host);
  logger.info({ url, database: config.database.type }, `Workroom API ready at ${url}/graphql`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof ConfigError ? `workroom: bad configuration: ${message}` : `workroom: cannot start: ${message}`);
  process.exit(1);
});
