import { expect, test } from "@playwright/test";
import { PASSWORD, signUp, uniqueEmail } from "./helpers";

// Pages render on the server and forms post as plain HTML forms, so a browser with
// JavaScript off (or before the wasm arrives) can still sign in.
test("a form post with JavaScript disabled still signs in", async ({ browser, page }) => {
  const email = uniqueEmail("nojs");
  await signUp(page, email, "Noor");

  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  // Signed out, the start page is the landing page; its "Sign in" leads to the form.
  await plain.goto("/");
  await plain.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(plain).toHaveURL(/\/sign-in$/);
  await plain.getByLabel("Email").fill(email);
  await plain.getByLabel("Password").fill(PASSWORD);
  await plain.getByRole("button", { name: "Sign in" }).click();
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText("Good to see you, Noor");
  await context.close();
});

test("a wrong password without JavaScript shows the message too", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto("/sign-in");
  await plain.getByLabel("Email").fill(uniqueEmail("nobody"));
  await plain.getByLabel("Password").fill("whatever it is, it is wrong");
  await plain.getByRole("button", { name: "Sign in" }).click();
  await expect(plain.getByRole("alert")).toContainText("do not match an account");
  await context.close();
});
