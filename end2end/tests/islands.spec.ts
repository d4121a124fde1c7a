import { expect, test } from "@playwright/test";
import { hydrated, signUp, uniqueEmail } from "./helpers";

// Only islands (the room, the script editor, a copy button…) need the wasm; a page
// without any is live as soon as it is parsed and fetches none of it.
test("reading pages fetch no wasm, and a page with an island does", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (request) => {
    if (/\.(wasm|js)$/.test(new URL(request.url()).pathname)) fetched.push(request.url());
  });
  // Sign-up, a newcomer's first page, included: its time zone comes from a line of script.
  await signUp(page, uniqueEmail("light"), "Lee Light");

  for (const path of ["/", "/circles", "/sessions", "/scripts", "/account"]) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // A notice is the browser's own dialog: dismissing it needs no wasm either.
  await page.goto("/?notice=profile-saved");
  await hydrated(page);
  await expect(page.getByRole("dialog", { name: "Notice" })).toContainText("Your name and email are saved.");
  await page.getByRole("button", { name: "Dismiss notice" }).click();
  await expect(page.getByRole("dialog", { name: "Notice" })).toBeHidden();
  expect(fetched).toEqual([]);

  // The circle page has an island for hosts: the invite link's copy button.
  await page.goto("/circles/new");
  await page.getByLabel("Name").fill(`Light circle ${Date.now()}`);
  await page.getByLabel("Purpose").fill("Practise coaching each other every week.");
  await page.getByLabel("How often you meet").selectOption("weekly");
  await page.getByRole("button", { name: "Create circle" }).click();
  await hydrated(page);
  expect(fetched.some((url) => url.endsWith(".wasm"))).toBe(true);
  await expect(page.getByRole("button", { name: "Copy link" })).toBeEnabled();
});
