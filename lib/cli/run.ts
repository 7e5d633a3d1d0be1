// The frame every CLI entry point runs in: load .env, run, print the outcome,
// exit with its code. Errors a user can act on are printed as one message;
// anything else prints its stack, since a CLI user is the developer.
import { EmbeddedDbError } from "@/lib/database/embedded";
import { MigrationError } from "@/lib/database/migrate";
import { AppError } from "@/lib/errors";

export type CliOutcome = { code: number; message?: string };

export function runCli(main: (argv: string[]) => Promise<CliOutcome>): void {
  try {
    process.loadEnvFile?.(".env");
  } catch {
    // no .env: the environment alone
  }
  main(process.argv.slice(2)).then(
    ({ code, message }) => {
      if (message) (code === 0 ? console.log : console.error)(message);
      process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof AppError || error instanceof EmbeddedDbError || error instanceof MigrationError)
        console.error(`error: ${error.message}`);
      else if (error instanceof Error && error.message.startsWith("Invalid environment"))
        console.error(error.message);
      else console.error(error);
      process.exit(1);
    },
  );
}
