import { expect, test, type Page } from "@playwright/test";
import { createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

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
