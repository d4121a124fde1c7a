import { expect, test, type Locator, type Page } from "@playwright/test";
import { hydrated, joinCircle, plainPage, signUp, signUpPlain, uniqueEmail } from "./helpers";

// Without JavaScript every form is a plain post. A refused one comes back to its page
// at its own clean address, with the message beside the field and everything else
// as it was typed.

const BEHAVIOURS = [
  "Asks questions before giving answers",
  "Listens more than talks",
  "Follows through on commitments",
];

/** Text one character longer than a note may be (2000). */
const TOO_LONG = "x".repeat(2001);

/** Types `text` past the field's `maxlength`, so the server's rule is what answers. */
async function fillPastLimit(field: Locator, text: string): Promise<void> {
  await field.evaluate((el) => el.removeAttribute("maxlength"));
  await field.fill(text);
}

/** The address is the page's own: no form error left in it. */
async function expectCleanAddress(page: Page, path: RegExp): Promise<void> {
  await expect(page).toHaveURL(path);
  expect(page.url()).not.toMatch(/__err|__path/);
}

/** Chooses the behaviours to track, without JavaScript. */
async function track(page: Page): Promise<void> {
  await page.goto("/checkin");
  for (const title of BEHAVIOURS) await page.getByLabel(title).check();
  await page.getByRole("button", { name: "Save my behaviours" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Check-in");
}

/** Creates a circle without JavaScript; returns its address and invite link. */
async function createCirclePlain(page: Page, name: string): Promise<[string, string]> {
  await page.goto("/circles/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Purpose").fill("Practise coaching each other every week.");
  await page.getByLabel("How often you meet").selectOption("weekly");
  await page.getByRole("button", { name: "Create circle" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  return [new URL(page.url()).pathname, await page.getByLabel("Invite link").inputValue()];
}

/** A day `days` from today, as a date field takes it. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("a refused check-in keeps every rating and note, without JavaScript", async ({ browser }) => {
  const page = await plainPage(browser);
  await signUpPlain(page, uniqueEmail("kept-checkin"), "Kit");
  await track(page);
  await page.goto("/checkin");
  const ratings = [4, 2, 5];
  for (const [i, title] of BEHAVIOURS.entries()) {
    await page.getByRole("group", { name: title }).getByRole("radio").nth(ratings[i] - 1).check();
  }
  const evidence = page.getByLabel("What did I actually do? (optional)");
  await evidence.nth(1).fill("Waited before answering Sam");
  await fillPastLimit(page.getByLabel("Reflection on the week (optional)"), TOO_LONG);
  await page.getByRole("button", { name: "Save check-in" }).click();

  await expect(page.locator("#reflection-error")).toContainText("at most 2000 characters");
  await expectCleanAddress(page, /\/checkin$/);
  for (const [i, title] of BEHAVIOURS.entries()) {
    await expect(page.getByRole("group", { name: title }).getByRole("radio").nth(ratings[i] - 1)).toBeChecked();
  }
  await expect(evidence.nth(1)).toHaveValue("Waited before answering Sam");
  await expect(evidence.nth(0)).toHaveValue("");
  await expect(page.getByLabel("Reflection on the week (optional)")).toHaveValue(TOO_LONG);
  await page.context().close();
});

test("refused session plans keep what the host chose, without JavaScript", async ({ browser }) => {
  const ada = await plainPage(browser);
  await signUpPlain(ada, uniqueEmail("kept-host"), "Ada Plain");
  const [circle, link] = await createCirclePlain(ada, `Kept plans ${Date.now()}`);
  const bea = await (await browser.newContext()).newPage();
  await signUp(bea, uniqueEmail("kept-peer"), "Bea Joined");
  await joinCircle(bea, link);

  // Start a session: a day in the past is the one mistake.
  await ada.goto(circle);
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Bea Joined" });
  await start.getByLabel("I will").selectOption("coachee");
  const script = start.getByLabel("Script");
  const lastScript = await script.locator("option").last().getAttribute("value");
  await script.selectOption(lastScript!);
  await start.getByLabel("Topic (optional)").fill("Handing the budget to Sam");
  await start.getByLabel("Day").fill("2020-01-06");
  await start.getByRole("button", { name: "Start session" }).click();

  await expect(ada.locator("#field-day-error")).toContainText("today or a day in the future");
  await expectCleanAddress(ada, new RegExp(`${circle}$`));
  const again = ada.getByRole("region", { name: "Start a session" });
  await expect(again.getByLabel("I will")).toHaveValue("coachee");
  await expect(again.getByLabel("Script")).toHaveValue(lastScript!);
  await expect(again.getByLabel("Topic (optional)")).toHaveValue("Handing the budget to Sam");
  await expect(again.getByLabel("Day")).toHaveValue("2020-01-06");

  // Plan the round: someone paired with themselves is the one mistake.
  const day = dayFromNow(10);
  const pair = ada.getByRole("group", { name: "Pair 1" });
  await pair.getByLabel("Coach", { exact: true }).selectOption({ label: "Bea Joined" });
  await pair.getByLabel("Coachee").selectOption({ label: "Bea Joined" });
  await ada.getByLabel("Day to meet (optional)").fill(day);
  await ada.getByRole("button", { name: "Plan these sessions" }).click();

  await expect(ada.locator("#pairs-error")).toContainText("cannot coach themselves");
  await expectCleanAddress(ada, new RegExp(`${circle}$`));
  const kept = ada.getByRole("group", { name: "Pair 1" });
  await expect(kept.getByLabel("Coach", { exact: true }).locator("option:checked")).toHaveText("Bea Joined");
  await expect(kept.getByLabel("Coachee").locator("option:checked")).toHaveText("Bea Joined");
  await expect(ada.getByLabel("Day to meet (optional)")).toHaveValue(day);
  // The other form starts afresh: its refusal is over.
  await expect(ada.getByRole("region", { name: "Start a session" }).getByLabel("Topic (optional)")).toHaveValue("");

  await ada.context().close();
  await bea.context().close();
});

test("a refused peer view keeps its ratings and notes, without JavaScript", async ({ browser }) => {
  const bea = await plainPage(browser);
  await signUpPlain(bea, uniqueEmail("kept-subject"), "Bea Seen");
  await track(bea);
  const [, link] = await createCirclePlain(bea, `Kept views ${Date.now()}`);

  const ada = await plainPage(browser);
  await signUpPlain(ada, uniqueEmail("kept-viewer"), "Ada Sees");
  await ada.goto(link);
  await ada.getByRole("button", { name: "Join this circle" }).click();
  await ada.getByRole("link", { name: "Share what you saw Bea Seen model" }).click();
  await expect(ada.getByRole("heading", { level: 1 })).toHaveText("What you saw Bea Seen model");
  const first = ada.getByRole("group", { name: BEHAVIOURS[0] });
  const second = ada.getByRole("group", { name: BEHAVIOURS[1] });
  await first.getByRole("radio").nth(3).check();
  await fillPastLimit(first.getByLabel("What did you see? (optional)"), TOO_LONG);
  await second.getByRole("radio").nth(1).check();
  await second.getByLabel("What did you see? (optional)").fill("Let the team decide first");
  await ada.getByRole("button", { name: "Share what I saw" }).click();

  await expect(ada.locator(".field-error")).toContainText("at most 2000 characters");
  await expectCleanAddress(ada, /\/peers\/[0-9a-f-]{36}$/);
  const keptFirst = ada.getByRole("group", { name: BEHAVIOURS[0] });
  const keptSecond = ada.getByRole("group", { name: BEHAVIOURS[1] });
  await expect(keptFirst.getByRole("radio").nth(3)).toBeChecked();
  await expect(keptFirst.getByLabel("What did you see? (optional)")).toHaveValue(TOO_LONG);
  await expect(keptSecond.getByRole("radio").nth(1)).toBeChecked();
  await expect(keptSecond.getByLabel("What did you see? (optional)")).toHaveValue("Let the team decide first");
  await expect(ada.getByRole("group", { name: BEHAVIOURS[2] }).getByRole("radio").first()).not.toBeChecked();

  await ada.context().close();
  await bea.context().close();
});

test("a refused import keeps the pasted text, and the library needs no JavaScript", async ({ browser }) => {
  const page = await plainPage(browser);
  await signUpPlain(page, uniqueEmail("kept-import"), "Ivy");
  await createCirclePlain(page, `Kept import ${Date.now()}`);

  // The library is rendered on the server: no "Loading scripts…", the list is there.
  await page.goto("/scripts");
  await expect(page.getByText("Loading scripts…")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Built-in scripts" })).toContainText("GROW");

  await page.goto("/scripts/import");
  const pasted = '{"title": "Half a script"';
  await page.getByLabel("Script JSON").fill(pasted);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).not.toHaveText("");
  await expectCleanAddress(page, /\/scripts\/import$/);
  await expect(page.getByLabel("Script JSON")).toHaveValue(pasted);
  await page.context().close();
});

test("a refused round keeps the host's choices with JavaScript too", async ({ browser }) => {
  const ada = await (await browser.newContext()).newPage();
  await signUp(ada, uniqueEmail("kept-js-host"), "Ada Live");
  const [circle, link] = await createCirclePlain(ada, `Kept live ${Date.now()}`);
  const bea = await (await browser.newContext()).newPage();
  await signUp(bea, uniqueEmail("kept-js-peer"), "Bea Live");
  await joinCircle(bea, link);

  await ada.goto(circle);
  await hydrated(ada);
  const day = dayFromNow(12);
  const pair = ada.getByRole("group", { name: "Pair 1" });
  await pair.getByLabel("Coach", { exact: true }).selectOption({ label: "Ada Live" });
  await pair.getByLabel("Coachee").selectOption({ label: "Ada Live" });
  await ada.getByLabel("Day to meet (optional)").fill(day);
  await ada.getByRole("button", { name: "Plan these sessions" }).click();
  await expect(ada.locator("#pairs-error")).toContainText("cannot coach themselves");
  await expect(pair.getByLabel("Coach", { exact: true }).locator("option:checked")).toHaveText("Ada Live");
  await expect(pair.getByLabel("Coachee").locator("option:checked")).toHaveText("Ada Live");
  await expect(ada.getByLabel("Day to meet (optional)")).toHaveValue(day);

  await ada.context().close();
  await bea.context().close();
});
