import { expect, test, type Page } from "@playwright/test";
import { clockURL } from "../playwright.config";
import { createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

// These tests step the clock of their own server, so they run one after another.
test.use({ baseURL: clockURL });
test.describe.configure({ mode: "serial" });

const BEHAVIOURS = [
  "Asks questions before giving answers",
  "Listens more than talks",
  "Follows through on commitments",
];

/** Rates every tracked behaviour with `rating` and saves. */
async function checkIn(page: Page, week: string, rating: number, evidence: string): Promise<void> {
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("region", { name: "This week" })).toContainText(`week ${week} is due`);
  await page.getByRole("link", { name: "Check in now" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Check-in · week ${week}`);
  for (const title of BEHAVIOURS) {
    const group = page.getByRole("group", { name: title });
    await group.getByRole("radio").nth(rating - 1).check();
  }
  await page.getByLabel("What did I actually do? (optional)").first().fill(evidence);
  await page.getByRole("button", { name: "Save check-in" }).click();
  await expect(page.getByRole("status").first()).toContainText("Your check-in for this week is saved");
}

test("choose behaviours, check in two weeks running, and see both points and the streak", async ({ page }) => {
  await signUp(page, uniqueEmail("mirror"), "Mia Mirror");
  await page.getByRole("link", { name: "Mirror" }).click();
  await expect(page.getByRole("heading", { name: "Your mirror is empty for now" })).toBeVisible();

  await page.getByRole("link", { name: "Choose behaviours" }).click();
  await hydrated(page);
  // Two is too few: the server says so and nothing changes.
  await page.getByLabel(BEHAVIOURS[0]).check();
  await page.getByLabel(BEHAVIOURS[1]).check();
  await page.getByRole("button", { name: "Save my behaviours" }).click();
  await expect(page.locator("#behaviour-ids-error")).toContainText("Choose between 3 and 8");
  await page.getByLabel(BEHAVIOURS[0]).check();
  await page.getByLabel(BEHAVIOURS[1]).check();
  await page.getByLabel(BEHAVIOURS[2]).check();
  await page.getByRole("button", { name: "Save my behaviours" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check-in · week 2026-W48");

  await checkIn(page, "2026-W48", 2, "Asked three questions in Tuesday's one-to-one");
  const response = await page.request.post(`${clockURL}/test-clock/advance?days=7`);
  expect(response.status()).toBe(204);
  await checkIn(page, "2026-W49", 4, "Let Sam find the answer");

  await expect(page).toHaveURL(/\/mirror/);
  await expect(page.locator(".streak")).toHaveText("2 weeks in a row");
  const chart = page.getByRole("region", { name: BEHAVIOURS[0] });
  await expect(chart.locator("circle.point")).toHaveCount(2);
  await hydrated(page);
  await chart.locator("circle.point").last().focus();
  await expect(chart.locator(".chart-detail")).toContainText("2026-W49: you 4");
  await expect(chart.locator(".chart-detail")).toContainText("Let Sam find the answer");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/mirror-phone.png", fullPage: true });

  // My data: the download holds both check-ins.
  await page.goto("/account");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download as JSON" }).click(),
  ]);
  const file = await download.path();
  const exported = JSON.parse(require("fs").readFileSync(file, "utf8"));
  const weeks = exported.check_ins.map((c: { week: string }) => c.week);
  expect(weeks).toContain("2026-W48");
  expect(weeks).toContain("2026-W49");
  expect(JSON.stringify(exported)).toContain("Let Sam find the answer");
});

test("a peer shares what they saw, and the subject sees it beside their own rating", async ({ browser }) => {
  const ada = await (await browser.newContext({ baseURL: clockURL })).newPage();
  await signUp(ada, uniqueEmail("ada-seen"), "Ada Seen");
  const link = await createCircle(ada, `Mirror peers ${Date.now()}`);
  await ada.goto("/checkin");
  for (const title of BEHAVIOURS) await ada.getByLabel(title).check();
  await ada.getByRole("button", { name: "Save my behaviours" }).click();
  for (const title of BEHAVIOURS) {
    await ada.getByRole("group", { name: title }).getByRole("radio").nth(2).check();
  }
  await ada.getByRole("button", { name: "Save check-in" }).click();
  await expect(ada).toHaveURL(/\/mirror/);

  const bea = await (await browser.newContext({ baseURL: clockURL })).newPage();
  await signUp(bea, uniqueEmail("bea-sees"), "Bea Sees");
  await bea.goto(link);
  await hydrated(bea);
  await bea.getByRole("button", { name: "Join this circle" }).click();
  await bea.getByRole("link", { name: "Share what you saw Ada Seen model" }).click();
  await expect(bea.getByRole("heading", { level: 1 })).toHaveText("What you saw Ada Seen model");
  const first = bea.getByRole("group", { name: BEHAVIOURS[0] });
  await first.getByRole("radio").nth(4).check();
  await first.getByLabel("What did you see? (optional)").fill("Asked three questions before suggesting anything");
  await bea.getByRole("button", { name: "Share what I saw" }).click();
  await expect(bea.getByRole("status").first()).toContainText("What you saw is shared with them");
  await expect(bea.getByRole("group", { name: BEHAVIOURS[0] })).toHaveCount(0);

  await ada.reload();
  const chart = ada.getByRole("region", { name: BEHAVIOURS[0] });
  await expect(chart.locator("polyline.peer-line")).toHaveCount(1);
  await expect(chart.getByRole("list")).toContainText("Bea Sees: 5");
  await expect(chart.getByRole("list")).toContainText("Asked three questions before suggesting anything");
});
