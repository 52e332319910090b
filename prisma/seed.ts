// The demo seed (`npm run seed`, or `npx prisma db seed`: both run this file). See src/demo/seed.ts.
import { createRootLogger, readConfiguration } from "../src/app.ts";
import { connectDatabase } from "../src/store/db.ts";
import { embeddedUrl } from "../src/store/embedded.ts";
import { seedDemo } from "../src/demo/seed.ts";

async function main(): Promise<number> {
  // Run by `prisma db seed`, DATABASE_URL holds the embedded server's URL (.config/prisma.ts sets it
  // for the schema) without the server being up: the embedded server it names is started as usual.
  if (process.env.DATABASE_URL === embeddedUrl()) delete process.env.DATABASE_URL;
  const config = readConfiguration();
  if (!config) return 1;
  const log = createRootLogger(config, { quiet: true });
  const t0 = performance.now();
  const db = await connectDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.EMBEDDED_PG_DIR, embeddedPort: config.EMBEDDED_PG_PORT });
  try {
    await seedDemo({ config, db, log, say: (l) => process.stdout.write(l + "\n") });
    process.stdout.write(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`The demo could not be seeded: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then((code) => (process.exitCode = code));
