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
  migrations: { path: "../prisma/migrations" },
  adapter: async () =>
    migrationAdapter(async () => (embedded ? startEmbeddedPostgres({ detach: true }) : process.env.DATABASE_URL!)),
});
