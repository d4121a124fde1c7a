import { expect, test, type Browser, type Page } from "@playwright/test";
import { createCircle, hydrated, joinCircle, signUp, startSessionNow, uniqueEmail } from "../tests/helpers";
import { stepHeading } from "../tests/room-helpers";

// Set by two-nodes.sh: HAProxy's front door that reaches node A first, the one that
// reaches node B first, and node A's process.
const COACH_URL = process.env.COACH_URL ?? "";
const COACHEE_URL = process.env.COACHEE_URL ?? "";
const NODE_A_PID = Number(process.env.NODE_A_PID);

async function personAt(browser: Browser, baseURL: string, name: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signUp(page, uniqueEmail(name.split(" ")[0].toLowerCase()), name);
  return page;
}

/** The node that answers `page`'s reload, as HAProxy names it. */
async function nodeOf(page: Page): Promise<string | undefined> {
  const response = await page.reload();
  return response?.headers()["x-served-by"];
}

const presence = (page: Page) => page.getByRole("list", { name: "Who is in the room" });

test("a pair on two nodes stays in step, and when the coach's node stops her screen carries on through the other", async ({
  browser,
}) => {
  const ada = await personAt(browser, COACH_URL, "Ada Coach");
  const link = await createCircle(ada, `Two nodes ${Date.now()}`);
  const circleUrl = ada.url().split("?")[0];
  const bea = await personAt(browser, COACHEE_URL, "Bea Coachee");
  await joinCircle(bea, new URL(link).pathname);

  const room = new URL(await startSessionNow(ada, circleUrl, "Bea Coachee")).pathname;
  await bea.goto(room);
  expect(await nodeOf(ada)).toBe("a");
  expect(await nodeOf(bea)).toBe("b");
  await hydrated(ada);
  await hydrated(bea);
  await expect(presence(ada)).toContainText("Bea Coachee (coachee) here");
  await expect(presence(bea)).toContainText("Ada Coach (coach) here");

  // Moves and notes cross from node A to node B and back.
  await ada.getByRole("button", { name: "Next step →" }).click();
  await expect(stepHeading(ada)).toHaveText("Goal");
  await expect(stepHeading(bea)).toHaveText("Goal");
  await bea.getByRole("textbox", { name: "Shared notes" }).fill("Hand over the weekly report");
  await expect(ada.getByRole("textbox", { name: "Shared notes" })).toHaveValue("Hand over the weekly report");
  await ada.getByRole("button", { name: "Next step →" }).click();
  await expect(stepHeading(ada)).toHaveText("Reality");
  await expect(stepHeading(bea)).toHaveText("Reality");
  await ada.getByRole("textbox", { name: "Shared notes" }).fill("Sam already drafts half of it");
  await expect(bea.getByRole("textbox", { name: "Shared notes" })).toHaveValue("Sam already drafts half of it");

  // Node A stops. Ada's screen reconnects through HAProxy to node B and is whole.
  process.kill(NODE_A_PID, "SIGTERM");
  await expect(presence(bea)).toContainText("Ada Coach (coach) here");
  await expect(presence(ada)).toContainText("Bea Coachee (coachee) here");
  await expect(ada.getByRole("status").filter({ hasText: "Connecting" })).toHaveCount(0, { timeout: 10_000 });
  await bea.getByRole("button", { name: "Next step →" }).click();
  await expect(stepHeading(bea)).toHaveText("Options");
  await expect(stepHeading(ada)).toHaveText("Options");
  await ada.getByRole("textbox", { name: "Shared notes" }).fill("Ask Sam on Monday");
  await expect(bea.getByRole("textbox", { name: "Shared notes" })).toHaveValue("Ask Sam on Monday");

  // Nothing acknowledged on node A is lost: node B serves it all.
  expect(await nodeOf(ada)).toBe("b");
  await expect(stepHeading(ada)).toHaveText("Options");
  await expect(ada.getByRole("textbox", { name: "Shared notes" })).toHaveValue("Ask Sam on Monday");
  const earlier = ada.getByRole("region", { name: "Shared notes from earlier steps" });
  await expect(earlier).toContainText("Hand over the weekly report");
  await expect(earlier).toContainText("Sam already drafts half of it");
});
