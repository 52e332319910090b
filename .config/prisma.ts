// Prisma CLI configuration (recipe: ../shared/design/database.md). Loaded only by the Prisma CLI.
import { defineConfig } from "prisma/config";
import { embeddedUrl, startEmbeddedPostgres } from "../src/store/embedded.ts";
import { migrationAdapter } from "../src/store/migration-adapter.ts";

const embedded = !process.env.DATABASE_URL;
if (embedded) process.env.DATABASE_URL = embeddedUrl(); // for env("DATABASE_URL") in schema.prisma

export default defineConfig({
  experimental: { adapter: true }, // EXPERIMENTAL: migrations through a driver adapter + Wasm schema engine
  engine: "js", // so no native schema-engine binary is needed (it can't be downloaded offline)
  schema: "../prisma/schema.prisma",
  // The demo seed, the same as `npm run seed`: run by `npx prisma db seed`, and by `prisma migrate reset`
  // (or `migrate dev` when it resets the database) unless --skip-seed. Prisma 6.19 reads it here
  // first; package.json's "prisma.seed" would only be its fallback.
  migrations: { path: "../prisma/migrations", seed: "node --import tsx prisma/seed.ts" },
  adapter: async () =>
    migrationAdapter(async () => (embedded ? startEmbeddedPostgres({ detach: true }) : process.env.DATABASE_URL!)),
});
