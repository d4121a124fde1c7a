import { expect, test, type Page } from "@playwright/test";
import { createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

/** The page's heading levels in document order never skip a level going down. */
async function expectHeadingOrder(page: Page): Promise<void> {
  const levels = await page
    .locator("h1, h2, h3, h4, h5, h6")
    .evaluateAll((all) => all.map((h) => Number(h.tagName[1])));
  expect(levels[0]).toBe(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level, `heading ${i + 1} after h${levels[i - 1]}`).toBeLessThanOrEqual(levels[i - 1] + 1);
  });
}

test("a copy of a built-in script is named for its circle, and a new circle starts with GROW", async ({
  browser,
}) => {
  const sam = await (await browser.newContext()).newPage();
  await signUp(sam, uniqueEmail("sam"), "Sam Host");
  const circle = `Tuesday peers ${Date.now()}`;
  const invite = await createCircle(sam, circle);
  const circleUrl = sam.url().split("?")[0];

  const pia = await (await browser.newContext()).newPage();
  await signUp(pia, uniqueEmail("pia"), "Pia Peer");
  await pia.goto(invite);
  await hydrated(pia);
  await pia.getByRole("button", { name: "Join this circle" }).click();
  await expect(pia.getByRole("list", { name: "Members" })).toContainText("Sam Host");

  // A new circle's start form offers GROW first, not whichever title sorts first.
  await sam.goto(circleUrl);
  const start = sam.getByRole("region", { name: "Start a session" });
  await expect(start.getByLabel("Script").locator("option:checked")).toHaveText("GROW");

  // The script page's headings go down one level at a time.
  await sam.getByRole("link", { name: "Scripts", exact: true }).click();
  await sam.getByRole("link", { name: "GROW", exact: true }).click();
  await expect(sam.getByRole("heading", { level: 1 })).toHaveText("GROW");
  await expectHeadingOrder(sam);

  // The copy carries the circle's name, twice over it is numbered.
  for (const expected of [`GROW (${circle})`, `GROW (${circle}) 2`]) {
    await sam.goto("/scripts");
    await sam.getByRole("link", { name: "GROW", exact: true }).click();
    await hydrated(sam);
    await sam.getByRole("button", { name: "Duplicate into circle" }).click();
    await expect(sam.getByRole("heading", { name: "Edit script" })).toBeVisible();
    await expect(sam.getByLabel("Title").first()).toHaveValue(expected);
  }
  await sam.goto("/scripts");
  const mine = sam.getByRole("list", { name: "Your circles' scripts" });
  await expect(mine.getByRole("link")).toHaveText([`GROW (${circle})`, `GROW (${circle}) 2`]);
  await expect(sam.getByRole("list", { name: "Built-in scripts" }).getByRole("link", { name: "GROW" })).toHaveCount(1);
  await expectHeadingOrder(sam);
});
