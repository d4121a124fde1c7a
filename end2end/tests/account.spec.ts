import { expect, test } from "@playwright/test";
import { clockURL } from "../playwright.config";
import { PASSWORD, hydrated, signUp, uniqueEmail } from "./helpers";

test("change my name at once, and my email with my password", async ({ page }) => {
  const email = uniqueEmail("ren");
  await signUp(page, email, "Ren");
  await page.goto("/account");
  await hydrated(page);
  const profile = page.getByRole("region", { name: "Profile" });
  await expect(profile.getByLabel("Email", { exact: true })).toHaveValue(email);
  await profile.getByLabel("Your name").fill("Ren Okafor");
  await profile.getByRole("button", { name: "Save name and email" }).click();
  await expect(page.getByRole("status").first()).toContainText("Your name and email are saved");
  await expect(page.getByRole("banner")).toContainText("Ren Okafor");

  const newEmail = uniqueEmail("ren-new");
  await profile.getByLabel("Email", { exact: true }).fill(newEmail);
  await profile.getByRole("button", { name: "Save name and email" }).click();
  await expect(page.locator("#field-password_for_email-error")).toContainText("Enter your password");
  await expect(profile.getByLabel("Email", { exact: true })).toHaveValue(newEmail);
  await profile.getByLabel("Your password, only to change your email").fill(PASSWORD);
  await profile.getByRole("button", { name: "Save name and email" }).click();
  await expect(page.getByRole("status").first()).toContainText("Your name and email are saved");
  await expect(profile).toContainText(`Signed in as ${newEmail}`);

  await page.context().clearCookies();
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Email").fill(newEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Good to see you, Ren Okafor");

  // The export writes moments in RFC 3339 (week codes stay as they are).
  const reply = await page.request.get("/account/export.json");
  expect(reply.status()).toBe(200);
  const data = await reply.json();
  expect(data.account.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(data.account.email).toBe(newEmail);
});

test.describe("in Tokyo", () => {
  // On the second server: sign-ups are limited per network, and the suite signs up many.
  test.use({ timezoneId: "Asia/Tokyo", baseURL: clockURL });

  test("sign-up starts at the browser's time zone, chosen from a searchable list", async ({ page }) => {
    await page.goto("/sign-up");
    await hydrated(page);
    const zone = page.getByRole("combobox", { name: "Time zone" });
    await expect(zone).toHaveValue("Asia/Tokyo");
    await expect(zone).toHaveAttribute("list", "time-zones");
    await expect(page.locator("datalist#time-zones option[value='Europe/Berlin']")).toHaveCount(1);
    await page.getByLabel("Email").fill(uniqueEmail("tokyo"));
    await page.getByLabel("Your name").fill("Tomo");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Good to see you, Tomo");
    await page.goto("/account");
    await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveValue("Asia/Tokyo");
  });

  test("without JavaScript the time zone is a text field that starts at UTC", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, timezoneId: "Asia/Tokyo" });
    const page = await context.newPage();
    await page.goto(`${clockURL}/sign-up`);
    await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveValue("UTC");
    await context.close();
  });
});
