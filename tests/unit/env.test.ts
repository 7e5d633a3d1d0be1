import { afterEach, describe, expect, it } from "vitest";
import { configuredProviders } from "@/lib/auth/options";
import { assertProductionEnv, getEnv, resetEnvCache } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function withEnv(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

describe("the environment", () => {
  it("names each bad variable", () => {
    withEnv({ PORT: "http", DATABASE_URL: "mysql://x" });
    expect(() => getEnv()).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => getEnv()).toThrow(/PORT: /);
  });

  it("stops a production start without NEXTAUTH_SECRET, NEXTAUTH_URL or MAIL_LINK_SECRET", () => {
    withEnv({
      NODE_ENV: "production",
      NEXTAUTH_SECRET: undefined,
      NEXTAUTH_URL: undefined,
      MAIL_LINK_SECRET: undefined,
    });
    expect(() => assertProductionEnv()).toThrow(
      /NEXTAUTH_SECRET: is required in production\n\s+NEXTAUTH_URL: is required in production\n\s+MAIL_LINK_SECRET: is required in production/,
    );
    withEnv({ NEXTAUTH_SECRET: "x".repeat(32), NEXTAUTH_URL: "https://papers.example.org" });
    expect(() => assertProductionEnv()).toThrow(
      /^Invalid environment:\n {2}MAIL_LINK_SECRET: is required in production\n\(/,
    );
    withEnv({ MAIL_LINK_SECRET: "y".repeat(32) });
    expect(() => assertProductionEnv()).not.toThrow();
    withEnv({ NEXTAUTH_SECRET: "short" });
    expect(() => getEnv()).toThrow(/NEXTAUTH_SECRET: must be at least 32 characters/);
    withEnv({ NEXTAUTH_SECRET: undefined, MAIL_LINK_SECRET_PREVIOUS: `${"z".repeat(32)},short` });
    expect(() => getEnv()).toThrow(/MAIL_LINK_SECRET_PREVIOUS.1: must be at least 32 characters/);
  });

  it("stops start-up on a bad server setting, naming it", () => {
    withEnv({ PAGE_CACHE_MB: "64MB" });
    expect(() => getEnv()).toThrow(/PAGE_CACHE_MB: must be a whole number of megabytes/);
    withEnv({ PAGE_CACHE_MB: "0", PAPERBOY_SEARCH: "maybe" });
    expect(() => getEnv()).toThrow(/PAPERBOY_SEARCH: /);
    withEnv({ PAPERBOY_SEARCH: "off", TRUST_PROXY_HOPS: "-1" });
    expect(() => getEnv()).toThrow(/TRUST_PROXY_HOPS: /);
    withEnv({ TRUST_PROXY_HOPS: "1", LOG_FORMAT: "xml" });
    expect(() => getEnv()).toThrow(/LOG_FORMAT: /);
    withEnv({ LOG_FORMAT: "json", SHUTDOWN_GRACE_SECONDS: "soon" });
    expect(() => getEnv()).toThrow(/SHUTDOWN_GRACE_SECONDS: /);
    withEnv({ SHUTDOWN_GRACE_SECONDS: "5" });
    expect(getEnv()).toMatchObject({
      PAGE_CACHE_MB: 0,
      PAPERBOY_SEARCH: "off",
      TRUST_PROXY_HOPS: 1,
      LOG_FORMAT: "json",
    });
  });

  it("listens on HOST, never on the HOSTNAME a container sets to its id", () => {
    withEnv({ HOSTNAME: "3f2a9c1b7d4e", HOST: undefined });
    expect(getEnv().HOST).toBe("0.0.0.0");
    withEnv({ HOST: "127.0.0.1" });
    expect(getEnv().HOST).toBe("127.0.0.1");
  });

  it("offers GitHub sign-in only when it is configured", () => {
    withEnv({ GITHUB_ID: undefined, GITHUB_SECRET: undefined });
    expect(configuredProviders()).toEqual({ email: true, github: false });
    withEnv({ GITHUB_ID: "id", GITHUB_SECRET: "secret" });
    expect(configuredProviders()).toEqual({ email: true, github: true });
  });

  it("reads ADMIN_EMAILS as a lower-cased list", () => {
    withEnv({ ADMIN_EMAILS: " Admin@Example.org, ,second@example.org" });
    expect(getEnv().ADMIN_EMAILS).toEqual(["admin@example.org", "second@example.org"]);
  });
});
