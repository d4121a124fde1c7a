import { expect, test, type Page } from "@playwright/test";
import { clockURL } from "../playwright.config";
import { createCircle, hydrated, joinCircle, signUp, uniqueEmail } from "./helpers";

// These tests step the clock of their own server, so they run one after another.
test.use({ baseURL: clockURL });
test.describe.configure({ mode: "serial" });

const BEHAVIOURS = [
  "Asks questions before giving answers",
  "Listens more than talks",
  "Follows through on commitments",
];

/** Rates every tracked behaviour with `rating` and saves, in the week whose Monday is `monday` ("23 Nov"). */
async function checkIn(page: Page, monday: string, rating: number, evidence: string): Promise<void> {
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("region", { name: "This week" })).toContainText(`week of ${monday} is due`);
  await page.getByRole("link", { name: "Check in now" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Check-in · week of ${monday}`);
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
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check-in · week of 23 Nov");

  await checkIn(page, "23 Nov", 2, "Asked three questions in Tuesday's one-to-one");
  const response = await page.request.post(`${clockURL}/test-clock/advance?days=7`);
  expect(response.status()).toBe(204);
  await checkIn(page, "30 Nov", 4, "Let Sam find the answer");

  await expect(page).toHaveURL(/\/mirror/);
  await expect(page.locator(".streak")).toHaveText("2 weeks in a row");
  const chart = page.getByRole("region", { name: BEHAVIOURS[0] });
  await expect(chart.locator("circle.point")).toHaveCount(2);
  await hydrated(page);
  await chart.locator("circle.point").last().focus();
  await expect(chart.locator(".chart-detail")).toContainText("week of 30 Nov: you 4");
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
  // What she shared stays in the form, to change until the week ends.
  await expect(bea.getByRole("group", { name: BEHAVIOURS[0] }).getByRole("radio").nth(4)).toBeChecked();

  await ada.reload();
  const chart = ada.getByRole("region", { name: BEHAVIOURS[0] });
  // One week of what peers saw is a point; a line needs two weeks.
  await expect(chart.locator("circle.peer-point")).toHaveCount(1);
  await expect(chart.locator("polyline.peer-line")).toHaveCount(0);
  await expect(chart.getByRole("list")).toContainText("Bea Sees: 5");
  await expect(chart.getByRole("list")).toContainText("Asked three questions before suggesting anything");
});

/** "23 Nov" plus a week, as the app writes it. */
function weekAfter(monday: string): string {
  const next = new Date(`${monday} 2026 12:00 UTC`);
  next.setUTCDate(next.getUTCDate() + 7);
  return next.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Every label of `chart`'s drawing: its size on screen, and whether it is inside the drawing. */
async function chartLabels(chart: ReturnType<Page["getByRole"]>) {
  return chart.locator("svg.chart").evaluate((svg: SVGSVGElement) => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")].map((text) => {
      const r = text.getBoundingClientRect();
      return {
        text: text.textContent,
        px: parseFloat(getComputedStyle(text).fontSize) * scale,
        inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.bottom <= box.bottom + 0.5,
      };
    });
  });
}

test("the mirror starts at my first week, shows what peers saw from then on, and reads on a phone", async ({ browser }) => {
  const ada = await (await browser.newContext({ baseURL: clockURL })).newPage();
  await signUp(ada, uniqueEmail("ada-first"), "Ada First");
  const link = await createCircle(ada, `First weeks ${Date.now()}`);
  const circleUrl = ada.url().split("?")[0];
  await ada.goto("/checkin");
  for (const title of BEHAVIOURS) await ada.getByLabel(title).check();
  await ada.getByRole("button", { name: "Save my behaviours" }).click();
  const heading = (await ada.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const monday = heading.replace("Check-in · week of ", "");
  expect(monday).toMatch(/^\d{1,2} [A-Z][a-z]{2}$/);
  await checkIn(ada, monday, 3, "Asked first");
  await expect(ada).toHaveURL(/\/mirror/);
  await expect(ada.getByRole("link", { name: "Change this week's check-in" })).toBeVisible();
  const chart = ada.getByRole("region", { name: BEHAVIOURS[0] });
  // The account is a week old: one week, none of them "missed".
  await chart.getByText("Show as a table").click();
  await expect(chart.getByRole("table").locator("tbody tr")).toHaveCount(1);
  await expect(chart.getByRole("table")).not.toContainText("missed");
  await expect(chart.locator("circle.point")).toHaveCount(1);

  // Bea shares what she saw: peers' words are about Ada, and the point is drawn.
  const bea = await (await browser.newContext({ baseURL: clockURL })).newPage();
  await signUp(bea, uniqueEmail("bea-first"), "Bea Second");
  await joinCircle(bea, link);
  await bea.getByRole("link", { name: "Share what you saw Ada First model" }).click();
  const listens = bea.getByRole("group", { name: BEHAVIOURS[1] });
  await expect(listens).toContainText("Ada did most of the talking");
  await expect(listens).not.toContainText("I did most of the talking");
  await bea.getByRole("group", { name: BEHAVIOURS[0] }).getByRole("radio").nth(3).check();
  await bea.getByRole("button", { name: "Share what I saw" }).click();
  await expect(bea.getByRole("status").first()).toContainText("What you saw is shared with them");
  // She changes her mind the same week: the view changes, it is not added.
  await bea.getByRole("group", { name: BEHAVIOURS[0] }).getByRole("radio").nth(4).check();
  await bea.getByRole("button", { name: "Share what I saw" }).click();
  await expect(bea.getByRole("status").first()).toContainText("What you saw is shared with them");
  const peerView = bea.url().split("?")[0];

  await ada.reload();
  await expect(chart.locator("circle.peer-point")).toHaveCount(1);
  await expect(chart.locator("polyline.peer-line")).toHaveCount(0);
  await expect(chart.getByRole("list")).toContainText("Bea Second: 5");
  await expect(chart.getByRole("list").getByRole("listitem")).toHaveCount(1);

  // Weeks read as dates wherever people read them.
  for (const [page, path] of [[ada, "/"], [ada, "/checkin"], [ada, "/mirror"], [ada, circleUrl], [bea, peerView]] as const) {
    await page.goto(path);
    await expect(page.getByRole("main")).not.toContainText(/\d{4}-W\d{1,2}/);
  }
  await expect(bea.getByRole("main")).toContainText(`week of ${monday}`);

  // A week later: two weeks of both, so both lines are drawn.
  expect((await ada.request.post(`${clockURL}/test-clock/advance?days=7`)).status()).toBe(204);
  const next = weekAfter(monday);
  await checkIn(ada, next, 4, "Asked again");
  await bea.goto(peerView);
  await bea.getByRole("group", { name: BEHAVIOURS[0] }).getByRole("radio").nth(3).check();
  await bea.getByRole("button", { name: "Share what I saw" }).click();
  await expect(bea.getByRole("status").first()).toContainText("What you saw is shared with them");
  await ada.goto("/mirror");
  await expect(chart.locator("polyline.self-line")).toHaveCount(1);
  await expect(chart.locator("polyline.peer-line")).toHaveCount(1);
  await expect(chart.locator("circle.peer-point")).toHaveCount(2);

  // Every label is inside the drawing, the newest week's too, at desktop and phone width.
  await ada.setViewportSize({ width: 1280, height: 900 });
  let labels = await chartLabels(chart);
  expect(labels.map((l) => l.text)).toContain(next);
  expect(labels.filter((l) => !l.inside)).toEqual([]);
  await chart.screenshot({ path: "test-results/mirror-chart-desktop.png" });
  await ada.setViewportSize({ width: 360, height: 800 });
  labels = await chartLabels(chart);
  expect(labels.filter((l) => !l.inside)).toEqual([]);
  expect(labels.filter((l) => l.px < 12)).toEqual([]);
  expect(await ada.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await ada.screenshot({ path: "test-results/mirror-phone-360.png", fullPage: true });
  await chart.screenshot({ path: "test-results/mirror-chart-phone.png" });
});
