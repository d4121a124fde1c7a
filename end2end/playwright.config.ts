import { defineConfig, devices } from "@playwright/test";

// The server under test: the debug build from `cargo leptos build`, on its own port
// and a database that `make e2e` has just emptied (target/e2e).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// A second server, on its own database, whose clock tests can step forward (weekly
// check-ins). It starts on Monday 23 November 2026, 09:00 UTC.
export const clockURL = `http://127.0.0.1:${port + 1}`;
export const CLOCK_START = 1_795_424_400;
// A real SMTP receiver (Debian's aiosmtpd) that the first server sends its mail to;
// each message it accepts is a file in this maildir's `new/`.
export const MAILDIR = "../target/e2e/maildir";

export default defineConfig({
  testDir: "./tests",
  // Several tests drive two or three browsers through whole flows on a 2-core machine.
  timeout: 90_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: `../target/debug/server --addr 127.0.0.1:${port} --database ../target/e2e/coaching.db --site-root ../target/site --sign-up-burst 1000 --smtp-url smtp://127.0.0.1:${port + 2}`,
      env: { COACHING_MAIL_FROM: "Coaching Circles <circles@example.org>" },
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `../target/debug/server --addr 127.0.0.1:${port + 1} --database ../target/e2e/clock.db --site-root ../target/site --sign-up-burst 1000 --test-clock ${CLOCK_START}`,
      env: { COACHING_ALLOW_TEST_CLOCK: "yes" },
      url: `${clockURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:${port + 2} -c aiosmtpd.handlers.Mailbox ${MAILDIR}`,
      port: port + 2,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
