import { expect, type Browser, type Page } from "@playwright/test";

export const PASSWORD = "a long enough password";

/** A fresh email for each test, so tests never share an account. */
export function uniqueEmail(who: string): string {
  return `${who}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** Waits until the wasm has taken over the server-rendered page. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1, { timeout: 15_000 });
}

export async function signUp(page: Page, email: string, name: string): Promise<void> {
  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Good to see you, ${name}`);
}

/** Creates a circle through the UI as the signed-in person; returns its invite link. */
export async function createCircle(page: Page, name: string): Promise<string> {
  await page.getByRole("link", { name: "Circles", exact: true }).click();
  await page.getByRole("link", { name: "Create a circle" }).click();
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Purpose").fill("Practise coaching each other every week.");
  await page.getByLabel("How often you meet").selectOption("weekly");
  await page.getByRole("button", { name: "Create circle" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByRole("status").first()).toContainText("Your circle is ready");
  return page.getByLabel("Invite link").inputValue();
}

/** Opens an invite link as the signed-in person and joins the circle. */
export async function joinCircle(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await hydrated(page);
  await page.getByRole("button", { name: "Join this circle" }).click();
  await expect(page.getByRole("status").first()).toContainText("You have joined the circle");
}

/** Starts a session now from the circle page, the signed-in person coaching `peer`; returns the room's address. */
export async function startSessionNow(page: Page, circleUrl: string, peer: string): Promise<string> {
  await page.goto(circleUrl);
  await hydrated(page);
  const start = page.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: peer });
  await start.getByLabel("I will").selectOption("coach");
  await start.getByRole("button", { name: /Start session/ }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  return page.url();
}

/** Ends a live session through its server function (however the room asks to confirm). */
export async function endSession(page: Page, room: string): Promise<void> {
  const ended = await page.request.post("/api/end_session", { form: { session_id: room.split("/").pop()! } });
  expect(ended.status()).toBeLessThan(400);
}

/** A page in a fresh browser with JavaScript turned off: every form is a plain post. */
export async function plainPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

/** Signs up without JavaScript. */
export async function signUpPlain(page: Page, email: string, name: string): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Good to see you, ${name}`);
}
