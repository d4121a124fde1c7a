import { expect, test } from "@playwright/test";
import { createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

test("author a script, reorder steps by keyboard, preview, save a new version", async ({ page }) => {
  await signUp(page, uniqueEmail("sam"), "Sam Author");
  await createCircle(page, `Script circle ${Date.now()}`);

  await page.getByRole("link", { name: "Scripts", exact: true }).click();
  await expect(page.getByRole("link", { name: "GROW" })).toBeVisible();
  await page.getByRole("link", { name: "New script" }).click();
  await hydrated(page);
  await page.getByLabel("Title").fill("Weekly check-in");
  await page.getByRole("button", { name: "Create and add steps" }).click();
  await expect(page.getByRole("heading", { name: "Edit script" })).toBeVisible();
  await hydrated(page);
  // The editor is the page's point: its head asks for the islands' wasm at once.
  await expect(page.locator('head link[rel="preload"][as="fetch"][href$=".wasm"]')).toHaveCount(1);
  await expect(page.locator('head link[rel="modulepreload"][href$=".js"]')).toHaveCount(1);

  const steps = page.getByRole("list", { name: "Steps" });
  const titles = steps.getByLabel("Title");
  await titles.nth(0).fill("Arrive");
  await page.getByLabel("Guidance for the coachee").nth(0).fill("Say how you arrive.");
  await page.getByRole("button", { name: "Add a step" }).click();
  await expect(titles).toHaveCount(2);
  await expect(titles.nth(1)).toBeFocused();
  await titles.nth(1).fill("Middle");
  await page.getByRole("button", { name: "Add a step" }).click();
  await titles.nth(2).fill("Close");

  // Move "Close" to the top with the keyboard alone.
  await page.getByRole("button", { name: "Move step 3 up" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Move step 2 up" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(titles.nth(0)).toHaveValue("Close");
  await expect(titles.nth(1)).toHaveValue("Arrive");
  await expect(titles.nth(2)).toHaveValue("Middle");

  await page.getByRole("button", { name: "Preview as coachee" }).click();
  await expect(page.getByRole("heading", { name: "Preview as the coachee" })).toBeVisible();
  await expect(page.getByText("Say how you arrive.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Coach guidance" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 3 }).first()).toContainText("Close");

  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText("Saved as version 2.")).toBeVisible();

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("list", { name: "Steps" }).getByLabel("Title").nth(0)).toHaveValue("Close");
  await expect(page.getByRole("list", { name: "Versions" })).toContainText("Version 2 — Sam Author");
  await expect(page.getByRole("list", { name: "Versions" })).toContainText("Version 1 — Sam Author");
});

test("importing a file with two problems lists both and imports nothing", async ({ page }) => {
  await signUp(page, uniqueEmail("ina"), "Ina Importer");
  await createCircle(page, `Import circle ${Date.now()}`);
  await page.goto("/scripts/import");
  await hydrated(page);
  const broken = {
    format: "coaching-circles/script",
    format_version: 1,
    title: "",
    steps: [{ title: "Only", coach_guidance: "", coachee_guidance: "", questions: [], minutes: 90 }],
  };
  await page.getByLabel("Script file").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await expect(page.getByLabel("Script JSON")).toHaveValue(/"minutes":90/);
  await page.getByRole("button", { name: "Import" }).click();
  const problems = page.getByRole("alert").filter({ hasText: "Please fix" }).getByRole("listitem");
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0)).toContainText("The title is empty");
  await expect(problems.nth(1)).toContainText("1 to 60 minutes");
  await page.goto("/scripts");
  await expect(page.getByText("None yet.")).toBeVisible();
});
