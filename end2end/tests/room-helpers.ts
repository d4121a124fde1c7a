import { expect, type Browser, type Page } from "@playwright/test";
import { PASSWORD, createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

/** A fresh browser context (its own cookies) with one page. */
export async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** Ada creates a circle and Bea joins it; both are signed in, each in a browser. */
export async function pairInCircle(
  browser: Browser,
  circleName = `Room peers ${Date.now()}`,
): Promise<{ ada: Page; bea: Page; circleUrl: string; beaEmail: string }> {
  const ada = await newPerson(browser);
  await signUp(ada, uniqueEmail("ada"), "Ada Coach");
  const link = await createCircle(ada, circleName);
  const circleUrl = ada.url().split("?")[0];
  const bea = await newPerson(browser);
  const beaEmail = uniqueEmail("bea");
  await signUp(bea, beaEmail, "Bea Coachee");
  await bea.goto(link);
  await hydrated(bea);
  await bea.getByRole("button", { name: "Join this circle" }).click();
  await expect(bea.getByRole("list", { name: "Members" })).toContainText("Ada Coach");
  return { ada, bea, circleUrl, beaEmail };
}

export const stepHeading = (page: Page) => page.locator("#step-heading");

/** Ends the session through its confirmation. */
export async function endSession(page: Page): Promise<void> {
  await page.getByText("End session…").click();
  await page.getByRole("button", { name: "End the session for both of us" }).click();
}

/** The pair's first person starts a session now with `script`, coaching; returns the room's address. */
export async function startSession(page: Page, circleUrl: string, script: string): Promise<string> {
  await page.goto(circleUrl);
  await hydrated(page);
  const start = page.getByRole("region", { name: "Start a session" });
  await start.getByLabel("I will").selectOption("coach");
  await start.getByLabel("Script").selectOption({ label: script });
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  return page.url();
}

/** Opens `roomUrl` in a browser without JavaScript, signing in as `email` on the way. */
export async function openWithoutJavaScript(browser: Browser, roomUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(roomUrl);
  await plain.getByLabel("Email").fill(email);
  await plain.getByLabel("Password").fill(PASSWORD);
  await plain.getByRole("button", { name: "Sign in" }).click();
  await expect(plain).toHaveURL(roomUrl);
  return plain;
}
