import { expect, test } from "@playwright/test";
import { PASSWORD, createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

test("a signed-out visitor sees what the product is, and can sign up or in", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Peer coaching for managers");
  await expect(page.getByRole("main")).toContainText("coach each other");
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");
  await page.screenshot({ path: "test-results/landing-sign-up.png", fullPage: true });

  // Other pages still send a visitor to sign in, with a real redirect.
  const circles = await page.request.get("/circles", { maxRedirects: 0, headers: { accept: "text/html" } });
  expect(circles.status()).toBe(302);
  expect(circles.headers()["location"]).toMatch(/^\/sign-in\?next=/);
  await page.goto("/mirror");
  await expect(page).toHaveURL(/\/sign-in\?next=\/mirror$/);
});

test("the start page works without JavaScript too", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Peer coaching for managers");
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await context.close();
});

test("an invite link opened signed out names the circle and the host through sign-up", async ({ browser }) => {
  const host = await (await browser.newContext()).newPage();
  await signUp(host, uniqueEmail("hana"), "Hana Host");
  const circleName = `Invited peers ${Date.now()}`;
  const link = await createCircle(host, circleName);

  const pablo = await (await browser.newContext()).newPage();
  await pablo.goto(link);
  await expect(pablo.getByRole("heading", { level: 1 })).toHaveText(circleName);
  await expect(pablo.getByRole("main")).toContainText("Hana Host invites you to join");
  await pablo.setViewportSize({ width: 375, height: 800 });
  await pablo.screenshot({ path: "test-results/invite-phone.png", fullPage: true });
  await pablo.setViewportSize({ width: 1280, height: 800 });
  await pablo.screenshot({ path: "test-results/invite-desktop.png", fullPage: true });
  await pablo.getByRole("main").getByRole("link", { name: "Create account" }).click();
  await expect(pablo.getByRole("heading", { level: 1 })).toHaveText("Create an account");
  await expect(pablo.getByRole("main")).toContainText(`Hana Host invites you to join ${circleName}`);
  await hydrated(pablo);
  await pablo.getByLabel("Email").fill(uniqueEmail("pablo"));
  await pablo.getByLabel("Your name").fill("Pablo Peer");
  await pablo.getByLabel("Password").fill(PASSWORD);
  await pablo.getByRole("button", { name: "Create account" }).click();
  await expect(pablo.getByRole("heading", { level: 1 })).toHaveText(circleName);
  await hydrated(pablo);
  await pablo.getByRole("button", { name: "Join this circle" }).click();
  await expect(pablo.getByRole("list", { name: "Members" })).toContainText("Pablo Peer (you)");

  // Sign-in from the invitation names it too.
  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await other.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(other.getByRole("main")).toContainText(`Hana Host invites you to join ${circleName}`);
});

test("a bad invite link says only that it is not valid, with a 404", async ({ page }) => {
  const response = await page.goto(`/join/${"0".repeat(64)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This invite link is not valid");
  await expect(page.getByRole("link", { name: "Create account" })).toHaveCount(0);
  const junk = await page.goto("/join/junk");
  expect(junk?.status()).toBe(404);
  // Through sign-up, a bad link adds nothing either.
  await page.goto(`/sign-up?next=${encodeURIComponent(`/join/${"0".repeat(64)}`)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");
  await expect(page.getByRole("main")).not.toContainText("invites you");
});

// The server works out the stylesheet's name once (`ui/assets.rs`); every page links it.
test("pages link the site's stylesheet, and it loads", async ({ page }) => {
  for (const path of ["/", "/sign-in"]) {
    const sheet = page.waitForResponse((r) => /^\/pkg\/.+\.css$/.test(new URL(r.url()).pathname));
    await page.goto(path);
    expect((await sheet).status()).toBe(200);
    const loaded = await page.evaluate(() =>
      [...document.styleSheets].some((s) => s.href?.includes("/pkg/") && s.cssRules.length > 0),
    );
    expect(loaded).toBe(true);
  }
});
