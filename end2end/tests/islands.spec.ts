import { expect, test } from "@playwright/test";
import { hydrated, signUp, uniqueEmail } from "./helpers";

// Only islands (the room, the script editor, a notice, a copy button…) need the wasm;
// a page without any is live as soon as it is parsed and fetches none of it.
test("reading pages fetch no wasm, and a page with an island does", async ({ page }) => {
  await signUp(page, uniqueEmail("light"), "Lee Light");
  const fetched: string[] = [];
  page.on("request", (request) => {
    if (/\.(wasm|js)$/.test(new URL(request.url()).pathname)) fetched.push(request.url());
  });

  for (const path of ["/", "/circles", "/sessions", "/scripts", "/account"]) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(fetched).toEqual([]);

  // The notice after creating a circle is an island: it hides itself once live.
  await page.goto("/circles/new");
  await page.getByLabel("Name").fill(`Light circle ${Date.now()}`);
  await page.getByLabel("Purpose").fill("Practise coaching each other every week.");
  await page.getByLabel("How often you meet").selectOption("weekly");
  await page.getByRole("button", { name: "Create circle" }).click();
  await hydrated(page);
  expect(fetched.some((url) => url.endsWith(".wasm"))).toBe(true);
  await page.getByRole("button", { name: "Dismiss notice" }).click();
  await expect(page.getByRole("button", { name: "Dismiss notice" })).toHaveCount(0);
});
