import { expect, test } from "@playwright/test";
import { PASSWORD, signUp, uniqueEmail } from "./helpers";
import { mailTo, part } from "./mailbox";

test("a forgotten password is chosen again through a mailed link, on a phone without JavaScript", async ({
  browser,
  page,
}) => {
  const email = uniqueEmail("fran");
  await signUp(page, email, "Fran Forgets");

  // On her phone, signed out and without JavaScript, Fran has forgotten it.
  const phone = await (
    await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } })
  ).newPage();
  await phone.goto("/sign-in");
  await phone.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Forgot your password?");

  // A mistyped address is named and kept.
  await phone.getByLabel("Email").fill("fran@localhost");
  await phone.getByRole("button", { name: "Mail me a link" }).click();
  await expect(phone.getByText("Enter an email address like name@example.com.").first()).toBeVisible();
  await expect(phone.getByLabel("Email")).toHaveValue("fran@localhost");
  await phone.screenshot({ path: "../target/e2e/forgot-password-375.png", fullPage: true });

  await phone.getByLabel("Email").fill(email);
  await phone.getByRole("button", { name: "Mail me a link" }).click();
  await expect(phone).toHaveURL(/\/sign-in\?notice=reset-sent$/);
  await expect(phone.getByRole("status").first()).toContainText("a link to choose a new password is on its way");

  const mail = await mailTo(email, "Choose a new password");
  const link = /http:\/\/\S+\/reset-password\/\S+/.exec(part(mail, "text/plain")!)![0];
  await phone.goto(link);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  await expect(phone.getByRole("main")).toContainText(email);
  const sideways = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: "../target/e2e/new-password-375.png", fullPage: true });
  await phone.getByLabel("New password", { exact: true }).fill("a brand new password");
  await phone.getByRole("button", { name: "Save my new password" }).click();
  await expect(phone).toHaveURL(/\/\?notice=password-reset$/);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Good to see you, Fran Forgets");
  await expect(phone.getByRole("status").first()).toContainText("Your new password is saved");

  // The link is used up, and the browser signed in with the old password is out.
  await phone.goto(link);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("This link no longer works");
  await phone.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(phone).toHaveURL(/\/forgot-password$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("That email and password do not match an account.");
  await page.getByLabel("Password").fill("a brand new password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Account settings");
});
