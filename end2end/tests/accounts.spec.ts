import { expect, test } from "@playwright/test";
import { PASSWORD, hydrated, signUp, uniqueEmail } from "./helpers";

test("sign up, land on Home, sign out, sign in again", async ({ page }) => {
  const email = uniqueEmail("ada");
  await signUp(page, email, "Ada Lovelace");
  await expect(page).toHaveURL(/\/\?notice=welcome$/);
  await expect(page.getByRole("status")).toContainText("Your account is ready");

  await page.getByText("Ada Lovelace", { exact: false }).first().click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("status")).toContainText("You are signed out");

  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Good to see you, Ada Lovelace");
});

test("a wrong password shows a clear message", async ({ page }) => {
  const email = uniqueEmail("grace");
  await signUp(page, email, "Grace");
  await page.context().clearCookies();

  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "That email and password do not match an account.",
  );
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a signed-out visit to a page redirects to sign in and back after", async ({ page }) => {
  const email = uniqueEmail("mary");
  await signUp(page, email, "Mary");
  await page.context().clearCookies();

  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?next=\/account$/);
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
});

test("sign-up problems are shown beside their fields", async ({ page }) => {
  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("Email").fill(uniqueEmail("kim"));
  await page.getByLabel("Your name").fill("Kim");
  // Past the browser's own check (minlength) so the server's rule is what answers.
  await page.getByLabel("Password").evaluate((el) => el.removeAttribute("minlength"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("Use at least 10 characters.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
});

test("change password, then sign in with the new one", async ({ page }) => {
  const email = uniqueEmail("lin");
  await signUp(page, email, "Lin");
  await page.goto("/account");
  await hydrated(page);
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("an even longer new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");

  await page.context().clearCookies();
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("an even longer new password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Good to see you, Lin");
});

test("unknown addresses show the 404 page", async ({ page }) => {
  const response = await page.goto("/this/does/not/exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We could not find that page" })).toBeVisible();
});
