import { expect, test } from "@playwright/test";
import { hydrated, signUp, signUpPlain, uniqueEmail } from "./helpers";

// Only islands (the room, the script editor) need the wasm; a page
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

  // A host's circle page copies the invite link with a few lines of script, no wasm.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/circles/new");
  await page.getByLabel("Name").fill(`Light circle ${Date.now()}`);
  await page.getByLabel("Purpose").fill("Practise coaching each other every week.");
  await page.getByLabel("How often you meet").selectOption("weekly");
  await page.getByRole("button", { name: "Create circle" }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied." })).toBeVisible();
  const link = await page.getByLabel("Invite link").inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(fetched).toEqual([]);

  // The script editor is an island: its page fetches the wasm.
  await page.getByRole("link", { name: "Scripts", exact: true }).click();
  await page.getByRole("link", { name: "New script" }).click();
  await page.getByLabel("Title").fill("Light script");
  await page.getByRole("button", { name: "Create and add steps" }).click();
  await hydrated(page);
  expect(fetched.some((url) => url.endsWith(".wasm"))).toBe(true);
  await expect(page.getByRole("button", { name: "Add a step" })).toBeEnabled();
});

test("without JavaScript the invite link's copy button and the script file picker stay hidden", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signUpPlain(page, uniqueEmail("nojs-light"), "Noa Light");
  await page.goto("/circles/new");
  await page.getByLabel("Name").fill(`Plain circle ${Date.now()}`);
  await page.getByLabel("Purpose").fill("Practise coaching each other every week.");
  await page.getByLabel("How often you meet").selectOption("weekly");
  await page.getByRole("button", { name: "Create circle" }).click();
  await expect(page.getByLabel("Invite link")).toHaveValue(/\/join\//);
  await expect(page.getByRole("button", { name: "Copy link" })).toBeHidden();
  await page.goto("/scripts/import");
  await expect(page.getByLabel("Script JSON")).toBeVisible();
  await expect(page.getByLabel("Script file")).toBeHidden();
  await context.close();
});
