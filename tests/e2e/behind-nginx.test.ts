import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Browser } from "playwright-core";
import { disconnectDb } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { freePort, isListening, startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, newPage } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The README's deployment: two instances on one Postgres behind Debian's
// nginx, with docs/deploy/nginx.conf as the README shows it (only its ports
// are changed here, and nginx gets a prefix of its own). A vote through one
// instance shows through the other, and the per-client limits key on the
// address nginx forwards.

const NGINX = "/usr/sbin/nginx";
// The client reaches nginx from another loopback address than nginx reaches
// the instances from, so the two can be told apart.
const CLIENT_ADDRESS = "127.0.0.2";

let database: TestDatabase;
let instances: AppServer[] = [];
let nginx: ChildProcess | undefined;
let nginxUrl: string;
let tmp: string;
let browser: Browser | undefined;

async function startNginx(ports: number[]): Promise<{ port: number; process: ChildProcess }> {
  const port = await freePort();
  const site = (await fs.readFile("docs/deploy/nginx.conf", "utf8"))
    .replace("listen 80;", `listen 127.0.0.1:${port};`)
    .replace("127.0.0.1:3000", `127.0.0.1:${ports[0]}`)
    .replace("127.0.0.1:3001", `127.0.0.1:${ports[1]}`);
  await fs.writeFile(path.join(tmp, "paperboy.conf"), site);
  // What Debian's /etc/nginx/nginx.conf gives a site, with paths in the test's folder.
  await fs.writeFile(
    path.join(tmp, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log;
events { worker_connections 256; }
http {
  access_log ${tmp}/access.log;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  include ${tmp}/paperboy.conf;
}
`,
  );
  const child = spawn(NGINX, ["-p", tmp, "-e", `${tmp}/error.log`, "-c", `${tmp}/nginx.conf`], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  // Settles early when nginx exits: its error log says why.
  const listening = await vi
    .waitFor(
      async () => {
        if (await isListening(port)) return true;
        if (child.exitCode !== null) return false;
        throw new Error("nginx is not listening yet");
      },
      { timeout: 10_000, interval: 100 },
    )
    .catch(() => false);
  if (!listening)
    throw new Error(`nginx did not start:\n${await fs.readFile(`${tmp}/error.log`, "utf8").catch(() => "")}`);
  return { port, process: child };
}

/** A request to nginx from CLIENT_ADDRESS. */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, localAddress: CLIENT_ADDRESS },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-nginx-"));
  await fs.chmod(tmp, 0o755); // nginx's workers run as nobody
  database = await createTestDatabase("paperboy_e2e_nginx");
  await importFiles(["tests/fixtures/hf"]);
  await disconnectDb();
  const nginxPort = await freePort();
  nginxUrl = `http://127.0.0.1:${nginxPort}`;
  const env = {
    DATABASE_URL: database.url,
    TRUST_PROXY_HOPS: "1",
    APP_URL: nginxUrl,
    NEXTAUTH_URL: nginxUrl,
    PAPERBOY_SEARCH: "off",
  };
  instances = await Promise.all([startAppServer(env), startAppServer(env)]);
  const ports = instances.map((i) => Number(new URL(i.url).port));
  const started = await startNginx(ports);
  nginx = started.process;
  nginxUrl = `http://127.0.0.1:${started.port}`;
});

afterAll(async () => {
  await browser?.close();
  nginx?.kill("SIGQUIT");
  await Promise.all(instances.map((i) => i.stop()));
  await database?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("two instances behind nginx", () => {
  it("runs the configuration the README shows", async () => {
    const [readme, conf] = await Promise.all([
      fs.readFile("README.md", "utf8"),
      fs.readFile("docs/deploy/nginx.conf", "utf8"),
    ]);
    expect(readme).toContain("```nginx\n" + conf + "```");
  });

  it("serves through either instance, and a vote through one shows through the other", async () => {
    // Round robin: both instances answer through nginx.
    for (let i = 0; i < 4; i++)
      expect((await request(`${nginxUrl}/papers/date/2025-10-03`)).status).toBe(200);
    const [a, b] = instances as [AppServer, AppServer];

    // A reader with a session (sessions live in the shared database).
    const token = crypto.randomBytes(16).toString("hex");
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await sql.query(
      `INSERT INTO users (id, email, email_verified) VALUES ('nginx-reader', 'nginx-reader@example.org', now())`,
    );
    await sql.query(
      `INSERT INTO sessions (session_token, user_id, expires) VALUES ($1, 'nginx-reader', now() + interval '1 day')`,
      [token],
    );
    await sql.end();

    const upvotesOn = async (server: AppServer, id: string) => {
      const items = (await (await fetch(`${server.url}/api/daily_papers?date=2025-10-03`)).json()) as {
        paper: { id: string; upvotes: number };
      }[];
      return items.find((p) => p.paper.id === id)!.paper.upvotes;
    };

    browser = await launchBrowser();
    const page = await newPage(browser);
    await page.context().addCookies([{ name: "next-auth.session-token", value: token, url: a.url }]);
    await page.goto(`${a.url}/papers/date/2025-10-03`);
    await page.waitForSelector("html[data-reader=signed-in]");
    const card = page.locator("[data-paper-card]").first();
    const id = (await card.getAttribute("data-paper-id"))!;
    const before = await upvotesOn(b, id);
    await card.locator("[data-upvote]").click();
    await expect(card.locator("[data-upvote]").getAttribute("aria-pressed")).resolves.toBe("true");
    await expect.poll(() => upvotesOn(b, id), { timeout: 10_000 }).toBe(before + 1);
  });

  it("keys the per-client limit on the address nginx forwards, whatever X-Forwarded-For the client sends", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const csrf = await request(`${nginxUrl}/api/auth/csrf`);
      const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
      const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
      const res = await request(`${nginxUrl}/api/auth/signin/email`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Cookie: cookie,
          "X-Forwarded-For": `198.51.100.${i}`, // the client's own say: ignored
        },
        body: new URLSearchParams({ email: `limited${i}@example.org`, csrfToken, json: "true" }).toString(),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const { rows } = await sql.query<{ key: string; count: number }>(
      "SELECT key, count FROM rate_limits WHERE key LIKE 'signin:client:%'",
    );
    await sql.end();
    expect(rows).toEqual([{ key: `signin:client:${CLIENT_ADDRESS}`, count: 22 }]);
  });
});
