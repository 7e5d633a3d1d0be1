// npm run db:migrate            apply pending migrations (what `prisma migrate deploy` does)
// npm run db:migration -- NAME  write prisma/migrations/<timestamp>_NAME: schema.prisma against its last commit
// npm run db:check              fail when schema.prisma and the migrations disagree
import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { connectDatabase } from "@/lib/database/connect";
import { findSchemaDrift } from "@/lib/database/drift";
import { applyMigrations, diffSchemas } from "@/lib/database/migrate";
import { MIGRATIONS_DIR, SCHEMA_PATH } from "@/lib/database/schema-engine";
import { runCli } from "./run";

const argsSchema = z.union([
  z.tuple([z.literal("migrate")]),
  z.tuple([z.literal("check")]),
  z.tuple([z.literal("migration"), z.string().regex(/^[a-z0-9_]+$/, "a migration name is lower_snake_case")]),
]);

function committedSchema(): string | null {
  try {
    return execFileSync("git", ["show", `HEAD:${path.relative(process.cwd(), SCHEMA_PATH)}`], {
      stdio: ["ignore", "pipe", "ignore"],
    }).toString();
  } catch {
    return null; // no commit yet: the first migration starts from an empty database
  }
}

runCli(async (argv) => {
  const usage = "usage: db migrate | db check | db migration <name>";
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, allowPositionals: true }));
  } catch (error) {
    return { code: 2, message: `${(error as Error).message}\n${usage}` };
  }
  const args = argsSchema.safeParse(positionals);
  if (!args.success) return { code: 2, message: usage };
  const database = await connectDatabase(console.error);
  try {
    const [command] = args.data;
    if (command === "migrate") {
      const applied = await applyMigrations(database.url);
      return {
        code: 0,
        message: applied.length ? `Applied ${applied.join(", ")}` : "The database is up to date.",
      };
    }
    if (command === "check") {
      const drift = await findSchemaDrift(database.url);
      if (!drift.onlyInMigrations.length && !drift.onlyInSchema.length)
        return { code: 0, message: "schema.prisma and prisma/migrations agree." };
      const lines = [
        ...drift.onlyInSchema.map((l) => `+ ${l}`),
        ...drift.onlyInMigrations.map((l) => `- ${l}`),
      ];
      return {
        code: 1,
        message: `schema.prisma differs from prisma/migrations (+ schema only, - migrations only):\n${lines.join("\n")}`,
      };
    }
    const sql = await diffSchemas(database.url, committedSchema(), await fs.readFile(SCHEMA_PATH, "utf8"));
    if (!sql) return { code: 0, message: "Nothing to migrate: schema.prisma equals its last commit." };
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${args.data[1]}`);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, "migration.sql"), sql);
    return {
      code: 0,
      message: `Wrote ${path.relative(process.cwd(), dir)}/migration.sql; check it with npm run db:check`,
    };
  } finally {
    await database.release();
  }
});
