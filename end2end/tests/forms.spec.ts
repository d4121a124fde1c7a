import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

// A refused form comes back as the person left it, with the message beside the field,
// and the address stays the page's own: with JavaScript and without.

const BEHAVIOURS = ["Asks questions before giving answers", "Listens more than talks"];

/** A page in a fresh browser, with or without JavaScript. */
async function freshPage(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  return context.newPage();
}

/** Opens `path`, and waits for the wasm when JavaScript is on. */
async function open(page: Page, path: string, js: boolean): Promise<void> {
  await page.goto(path);
  if (js) await hydrated(page);
}

async function signUpAs(page: Page, js: boolean, email: string, name: string): Promise<void> {
  await open(page, "/sign-up", js);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Good to see you, ${name}`);
}

for (const js of [true, false]) {
  const mode = js ? "with JavaScript" : "without JavaScript";

  test(`too few behaviours and an unknown time zone keep what was chosen, ${mode}`, async ({ browser }) => {
    const page = await freshPage(browser, js);
    await signUpAs(page, js, uniqueEmail("ticks"), "Tia");
    await open(page, "/checkin", js);
    for (const title of BEHAVIOURS) await page.getByLabel(title).check();
    // Twice: each refusal comes back to the same clean address.
    for (let round = 0; round < 2; round++) {
      await page.getByRole("button", { name: "Save my behaviours" }).click();
      await expect(page.locator("#behaviour-ids-error")).toContainText("Choose between 3 and 8");
      await expect(page).toHaveURL(/\/checkin$/);
      for (const title of BEHAVIOURS) await expect(page.getByLabel(title)).toBeChecked();
      await expect(page.getByLabel("Follows through on commitments")).not.toBeChecked();
    }

    await open(page, "/account", js);
    const zone = page.getByRole("combobox", { name: "Time zone" });
    await zone.fill("Mars/Olympus");
    await page.getByRole("button", { name: "Save time zone" }).click();
    await expect(page.locator("#field-time_zone-error")).toContainText("Choose a time zone");
    await expect(zone).toHaveValue("Mars/Olympus");
    await expect(zone).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/account$/);
    await page.context().close();
  });

  test(`a wrong password keeps the email, ${mode}`, async ({ browser }) => {
    const page = await freshPage(browser, js);
    const email = uniqueEmail("kept");
    await open(page, "/sign-in?next=%2Fcircles", js);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the right password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").first()).toContainText("do not match an account");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcircles$/);
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await page.context().close();
  });

  test(`a refused sign-up keeps name, email and time zone, ${mode}`, async ({ browser }) => {
    const page = await freshPage(browser, js);
    // The browser lets this address through; the server asks for a dot in the domain.
    const email = "uma@example";
    await open(page, "/sign-up", js);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Your name").fill("Uma Again");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("combobox", { name: "Time zone" }).fill("Europe/Lisbon");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#field-email-error")).toContainText("like name@example.com");
    await expect(page).toHaveURL(/\/sign-up$/);
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page.getByLabel("Your name")).toHaveValue("Uma Again");
    await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveValue("Europe/Lisbon");
    await expect(page.getByLabel("Password")).toHaveValue("");
    await page.context().close();
  });
}

test("an error in a link is not shown, and the link is cleaned", async ({ page }) => {
  const error = Buffer.from('{"Transport":"Your account is locked"}').toString("base64url");
  await page.goto(`/sign-in?next=%2F&__path=%2Fapi%2Fsign_in&__err=${error}`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await expect(page.getByText("Your account is locked")).toHaveCount(0);
});

test("the invite card's buttons are one size", async ({ page }) => {
  await signUp(page, uniqueEmail("sizes"), "Sam");
  await createCircle(page, "Sizes");
  const copy = await page.getByRole("button", { name: "Copy link" }).boundingBox();
  const rotate = await page.getByText("Make a new link").boundingBox();
  expect(rotate?.height).toBe(copy?.height);
});
