import { expect, test, type Page } from "@playwright/test";
import { createCircle, hydrated, plainPage, signUp, signUpPlain, uniqueEmail } from "./helpers";

/** The step titles as the form shows them, top to bottom. */
async function formTitles(page: Page): Promise<string[]> {
  return page
    .getByRole("list", { name: "Steps" })
    .getByLabel("Title")
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
}

test("steps move down and up by keyboard, and the form, preview and save agree", async ({ page }) => {
  await signUp(page, uniqueEmail("mo"), "Mo Mover");
  await createCircle(page, `Editor circle ${Date.now()}`);
  await page.goto("/scripts/new");
  await hydrated(page);
  await page.getByLabel("Title").fill("Three steps");
  await page.getByRole("button", { name: "Create and add steps" }).click();
  await expect(page.getByRole("heading", { name: "Edit script" })).toBeVisible();
  await hydrated(page);
  const titles = page.getByRole("list", { name: "Steps" }).getByLabel("Title");
  await titles.nth(0).fill("Arrive");
  for (const title of ["Explore", "Close"]) {
    await page.getByRole("button", { name: "Add a step" }).click();
    await titles.last().fill(title);
  }
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText("Saved as version 2.")).toBeVisible();
  // From the server's page this time, so every step editor was hydrated, not added.
  await page.reload();
  await hydrated(page);

  // The down buttons say what they do; only the last step's is disabled.
  const down1 = page.getByRole("button", { name: "Move step 1 down", exact: true });
  await expect(down1).toBeEnabled();
  await expect(page.getByRole("button", { name: "Move step 3 down", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Move step 1 up", exact: true })).toBeDisabled();

  // "Arrive" goes down twice with the keyboard alone; focus follows it.
  await down1.focus();
  await page.keyboard.press("Enter");
  expect(await formTitles(page)).toEqual(["Explore", "Arrive", "Close"]);
  await expect(page.getByRole("status").filter({ hasText: "moved" })).toHaveText("“Arrive” moved to step 2 of 3.");
  await expect(page.getByRole("button", { name: "Move step 2 down", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  expect(await formTitles(page)).toEqual(["Explore", "Close", "Arrive"]);
  // At the bottom its down button is disabled, so the keyboard lands on its up button.
  await expect(page.getByRole("button", { name: "Move step 3 up", exact: true })).toBeFocused();
  await expect(page.getByRole("group", { name: "Step 3" }).getByLabel("Title")).toHaveValue("Arrive");

  // And "Close" up to the top.
  await page.getByRole("button", { name: "Move step 2 up", exact: true }).click();
  expect(await formTitles(page)).toEqual(["Close", "Explore", "Arrive"]);
  await expect(page.getByRole("button", { name: "Move step 1 down", exact: true })).toBeFocused();

  // The preview shows the same order as the form.
  await page.getByRole("button", { name: "Preview as coach", exact: true }).click();
  await expect(page.getByRole("heading", { level: 3 })).toHaveText([/Close/, /Explore/, /Arrive/]);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  expect(await formTitles(page)).toEqual(["Close", "Explore", "Arrive"]);

  // What is saved is what was shown.
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText("Saved as version 3.")).toBeVisible();
  await page.reload();
  await hydrated(page);
  expect(await formTitles(page)).toEqual(["Close", "Explore", "Arrive"]);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: "test-results/editor-375.png", fullPage: true });
});

// Without JavaScript the editor is a plain form: "Add a step" and the move buttons
// post it, and the server sends it back changed but unsaved; the save posts it too.
test("without JavaScript, steps are edited, added and moved, and the save keeps what was shown", async ({ browser }) => {
  const page = await plainPage(browser);
  await signUpPlain(page, uniqueEmail("pat"), "Pat Plain");
  await page.goto("/circles/new");
  await page.getByLabel("Name").fill(`Plain editor circle ${Date.now()}`);
  await page.getByLabel("Purpose").fill("Practise coaching each other every week.");
  await page.getByRole("button", { name: "Create circle" }).click();
  await page.goto("/scripts/new");
  await page.getByLabel("Title").fill("Two plain steps");
  await page.getByRole("button", { name: "Create and add steps" }).click();
  await expect(page.getByRole("heading", { name: "Edit script" })).toBeVisible();
  // Previews need the wasm, so they are not offered.
  await expect(page.getByRole("button", { name: "Preview as coach", exact: true })).toBeHidden();

  const titles = page.getByRole("list", { name: "Steps" }).getByLabel("Title");
  await titles.nth(0).fill("Arrive");
  await page.getByRole("button", { name: "Add a step" }).click();
  await expect(titles).toHaveCount(2);
  // What was typed before adding is still there, and the new step has the keyboard.
  expect(await formTitles(page)).toEqual(["Arrive", ""]);
  await expect(titles.nth(1)).toBeFocused();
  await titles.nth(1).fill("Close");
  await page
    .getByRole("group", { name: "Step 2" })
    .getByLabel("Suggested questions, one per line")
    .fill("What will you do?\nBy when?");

  await page.getByRole("button", { name: "Move step 2 up", exact: true }).click();
  expect(await formTitles(page)).toEqual(["Close", "Arrive"]);
  await expect(page.getByRole("status").filter({ hasText: "moved" })).toHaveText("“Close” moved to step 1 of 2.");
  await expect(page.getByRole("button", { name: "Move step 1 down", exact: true })).toBeFocused();
  await expect(page.getByRole("group", { name: "Step 1" }).getByLabel("Suggested questions, one per line")).toHaveValue(
    "What will you do?\nBy when?",
  );

  // A refused save comes back as typed, the problem said, the address clean.
  await titles.nth(1).fill("");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please fix" })).toContainText("Step 2's title is empty.");
  expect(await formTitles(page)).toEqual(["Close", ""]);
  await expect(page).toHaveURL(/\/edit$/);

  // Enter in a field saves (it does not press the first move button).
  await titles.nth(1).fill("Arrive and settle");
  await titles.nth(1).press("Enter");
  await expect(page.getByText("The script is saved as a new version.")).toBeVisible();
  expect(await formTitles(page)).toEqual(["Close", "Arrive and settle"]);
  await page.getByRole("link", { name: "Back to the script" }).click();
  await expect(page.getByRole("heading", { level: 3, name: /^Step \d/ })).toHaveText([
    "Step 1 Close",
    "Step 2 Arrive and settle",
  ]);
  await expect(page.getByText(/· version 2$/)).toBeVisible();
  await expect(page.getByText("By when?")).toBeVisible();
  await page.context().close();
});
