import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The tests in two-nodes/, against the two nodes and HAProxy that two-nodes.sh
// starts (it sets COACH_URL, COACHEE_URL and NODE_A_PID); the browser as for the
// rest of the suite.
export default defineConfig({
  ...base,
  testDir: "./two-nodes",
  workers: 1,
  webServer: undefined,
  use: { ...base.use, baseURL: process.env.COACH_URL },
});
