import { expect, test, type Page } from "@playwright/test";
import { hydrated } from "./helpers";
import { endSession, openWithoutJavaScript, pairInCircle, startSession, stepHeading } from "./room-helpers";

// One pair for the whole file, in turn: sign-ups are throttled per network (20 at once),
// and the suite signs up many people from one address.
test.describe.configure({ mode: "serial" });
let pair: Awaited<ReturnType<typeof pairInCircle>>;
test.beforeAll(async ({ browser }) => {
  pair = await pairInCircle(browser);
});
test.afterAll(async () => {
  await pair.ada.context().close();
  await pair.bea.context().close();
});

/** Ada starts a session (she coaches Bea) and both open the room, live. */
async function bothInRoom(script = "GROW"): Promise<{ ada: Page; bea: Page; room: string }> {
  const { ada, bea, circleUrl } = pair;
  const room = await startSession(ada, circleUrl, script);
  await bea.goto(room);
  await hydrated(ada);
  await hydrated(bea);
  return { ada, bea, room };
}

const summaryHeading = (page: Page) => page.getByRole("heading", { level: 1, name: "Session summary" });

/** Headings in the page's main part never skip a level (axe's heading-order). */
async function expectHeadingsInOrder(page: Page): Promise<void> {
  const levels = await page
    .locator("main")
    .locator("h1, h2, h3, h4, h5, h6")
    .evaluateAll((hs) => hs.filter((h) => (h as HTMLElement).offsetParent !== null).map((h) => Number(h.tagName[1])));
  expect(levels[0]).toBe(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level, `levels ${levels.join(",")}`).toBeLessThanOrEqual(levels[i - 1] + 1);
  });
}

/** Writes this person's private note on the current step and waits until it is saved. */
async function writePrivateNote(page: Page, text: string): Promise<void> {
  await page.getByLabel("My private notes").fill(text);
  await expect(page.locator("[id^=private-note-][id$=-status]")).toHaveText("Saved");
}

test("ending asks first, apart from the step controls, then takes both screens to the summary", async () => {
  const { ada, bea } = await bothInRoom();
  // Back, Pause and Next are together; nothing in that row ends the session.
  const controls = ada.getByRole("group", { name: "Session controls" });
  await expect(controls.getByRole("button")).toHaveText(["← Back", "Pause", "Next step →"]);

  // The first click only asks, and says what will happen to both screens.
  await ada.getByText("End session…").click();
  const question = ada.getByRole("group", { name: /End the session now\?/ });
  await expect(question).toContainText("It ends for you and Bea Coachee at once, and both screens go to the summary.");
  await ada.setViewportSize({ width: 375, height: 800 });
  await ada.screenshot({ path: "test-results/room-end-confirm-375.png", fullPage: true });
  await ada.setViewportSize({ width: 1280, height: 720 });
  await question.getByRole("link", { name: "Keep going" }).click();
  await expect(question).toBeHidden();
  await expect(ada.getByText("End session…")).toBeFocused();
  await expect(stepHeading(ada)).toHaveText("Check in");
  await expect(stepHeading(bea)).toHaveText("Check in");

  // Confirmed: both screens show the summary.
  await endSession(ada);
  await expect(summaryHeading(ada)).toBeVisible();
  await expect(summaryHeading(bea)).toBeVisible();
});

test("with JavaScript the room's forms post in the background: the page stays and both screens follow", async () => {
  const { ada, bea } = await bothInRoom();
  type Marked = { stayed?: boolean };
  await ada.evaluate(() => ((window as Marked).stayed = true));
  // The form's own fields go to the server as they stand, as they would without JavaScript.
  const move = ada.waitForRequest((r) => r.method() === "POST" && r.url().includes("move_step"));
  await ada.getByRole("button", { name: "Next step →" }).click();
  expect((await move).resourceType()).toBe("fetch");
  expect((await move).postData()).toMatch(/^session_id=[0-9a-f-]{36}&from=0&to=1$/);
  await expect(stepHeading(ada)).toHaveText("Goal");
  await expect(stepHeading(bea)).toHaveText("Goal");
  await endSession(ada);
  await expect(summaryHeading(ada)).toBeVisible();
  await expect(summaryHeading(bea)).toBeVisible();
  expect(await ada.evaluate(() => (window as Marked).stayed)).toBe(true);
});

test("one screen shows no private notes; each person finds only their own on the summary and in My sessions", async () => {
  const { ada, bea } = await bothInRoom();
  await writePrivateNote(ada, "Ada only: ask about the team lead");
  await writePrivateNote(bea, "Bea only: I am nervous about this");

  // On one shared screen, nobody's private note shows, nor its field.
  await ada.getByRole("link", { name: "One screen for both of us" }).click();
  await expect(ada.getByRole("heading", { name: "Coachee guidance" })).toBeVisible();
  await expect(ada.getByLabel("My private notes")).toHaveCount(0);
  await expect(ada.getByText("Private notes are hidden while you share one screen.")).toBeVisible();
  expect(await ada.locator("main").innerText()).not.toContain("Ada only");
  // Also when the one-screen address is opened straight from the server.
  await ada.reload();
  await expect(ada.getByLabel("Shared notes")).toBeVisible();
  await expect(ada.getByLabel("My private notes")).toHaveCount(0);
  expect(await ada.locator("main").innerText()).not.toContain("Ada only");
  await hydrated(ada);
  await ada.getByRole("link", { name: "Back to my own screen" }).click();
  await expect(ada.getByLabel("My private notes")).toHaveValue("Ada only: ask about the team lead");

  await endSession(bea);
  await expect(summaryHeading(ada)).toBeVisible();
  await expect(summaryHeading(bea)).toBeVisible();
  // Each summary shows its reader's private note and never the other's, also as the
  // server renders it.
  for (const [page, mine, theirs] of [
    [ada, "Ada only", "Bea only"],
    [bea, "Bea only", "Ada only"],
  ] as const) {
    await page.reload();
    await expect(page.getByRole("region", { name: "Steps" })).toContainText(`My private note (only you see this)`);
    await expect(page.getByRole("region", { name: "Steps" })).toContainText(mine);
    expect(await page.content()).not.toContain(theirs);
  }

  // "My sessions" in the navigation lists it, with my notes and the way back to the summary.
  for (const [page, mine, theirs] of [
    [ada, "Ada only: ask about the team lead", "Bea only"],
    [bea, "Bea only: I am nervous about this", "Ada only"],
  ] as const) {
    await hydrated(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My sessions");
    const past = page.getByRole("list", { name: "Past sessions" }).getByRole("listitem").first();
    await expect(past).toContainText("Held");
    await past.getByText("My private notes (1)").click();
    await expect(past).toContainText(`Step 1: Check in${mine}`);
    expect(await page.content()).not.toContain(theirs);
    await page.setViewportSize({ width: 360, height: 740 });
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(sideways).toBe(false);
    await page.screenshot({ path: `test-results/my-sessions-360-${mine.slice(0, 3)}.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    await past.getByRole("link", { name: "Ada Coach coached Bea Coachee" }).click();
    await expect(summaryHeading(page)).toBeVisible();
  }
});

test("without JavaScript: private note, end with confirmation, then summary and history", async ({ browser }) => {
  const { ada, circleUrl, beaEmail } = pair;
  const room = await startSession(ada, circleUrl, "GROW");
  const plain = await openWithoutJavaScript(browser, room, beaEmail);
  await expect(stepHeading(plain)).toHaveText("Check in");

  await plain.getByLabel("My private notes").fill("Bea typed this without scripts");
  await plain.locator("form", { has: plain.getByLabel("My private notes") }).getByRole("button", { name: "Save note" }).click();
  await expect(plain.getByLabel("My private notes")).toHaveValue("Bea typed this without scripts");

  // The rail's steps are buttons of forms too.
  await plain.getByRole("button", { name: "Go to step 3: Reality" }).click();
  await expect(stepHeading(plain)).toHaveText("Reality");
  await expect(stepHeading(ada)).toHaveText("Reality");

  // "Keep going" closes the question (by loading the room again).
  await plain.getByText("End session…").click();
  await plain.getByRole("link", { name: "Keep going" }).click();
  await expect(plain.getByRole("button", { name: "End the session for both of us" })).toBeHidden();
  await expect(stepHeading(plain)).toHaveText("Reality");

  await endSession(plain);
  await expect(summaryHeading(plain)).toBeVisible();
  await expect(plain.getByRole("region", { name: "Steps" })).toContainText("Bea typed this without scripts");
  await expect(summaryHeading(ada)).toBeVisible();
  expect(await ada.content()).not.toContain("Bea typed this");

  await plain.getByRole("link", { name: "All my sessions" }).click();
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText("My sessions");
  const newest = plain.getByRole("list", { name: "Past sessions" }).getByRole("listitem").first();
  await newest.getByText("My private notes (1)").click();
  await expect(newest).toContainText("Bea typed this without scripts");
  await plain.context().close();
});

test("headings in order, earlier notes kept, steps jump from the rail, commitments after the goal", async () => {
  const { ada, bea } = await bothInRoom();
  await expectHeadingsInOrder(ada);
  await expectHeadingsInOrder(bea);
  const commitField = (page: Page) => page.getByLabel("Bea Coachee commits to…");
  await expect(commitField(ada)).toHaveCount(0);

  await bea.getByLabel("Shared notes").fill("We both arrived tired");
  await expect(ada.getByLabel("Shared notes")).toHaveValue("We both arrived tired");

  // The rail jumps straight to a step, on both screens.
  const rail = (page: Page) => page.getByRole("navigation", { name: "Steps" });
  await rail(ada).getByRole("button", { name: "Go to step 3: Reality" }).click();
  await expect(stepHeading(ada)).toHaveText("Reality");
  await expect(stepHeading(bea)).toHaveText("Reality");
  await expect(rail(bea).getByRole("button", { name: /Reality/ })).toHaveCount(0);

  // Earlier shared notes stay, folded under their step.
  for (const page of [ada, bea]) {
    const earlier = page.getByRole("region", { name: "Shared notes from earlier steps" });
    await expect(earlier.getByText("We both arrived tired")).toBeHidden();
    await earlier.getByText("Step 1: Check in").click();
    await expect(earlier.getByText("We both arrived tired")).toBeVisible();
  }

  // After the goal, the coach records Bea's commitment; both see it.
  await commitField(ada).fill("Ask Sam to own the weekly report");
  await ada.getByRole("button", { name: "Add commitment" }).click();
  for (const page of [ada, bea]) {
    await expect(page.getByRole("region", { name: "Bea Coachee's commitments" })).toContainText("Ask Sam to own");
  }
  // A fresh field for the next one.
  await expect(commitField(ada)).toHaveValue("");
  await expectHeadingsInOrder(ada);
  await ada.setViewportSize({ width: 375, height: 800 });
  await ada.screenshot({ path: "test-results/room-reality-375.png", fullPage: true });
  expect(await ada.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  // On a phone the rail's numbers jump too.
  await rail(ada).getByRole("button", { name: "Go to step 4: Options" }).click();
  await expect(stepHeading(bea)).toHaveText("Options");
  await ada.setViewportSize({ width: 1280, height: 720 });

  // Back to the goal from the rail: no commitments there.
  await rail(bea).getByRole("button", { name: "Go to step 2: Goal" }).click();
  await expect(stepHeading(ada)).toHaveText("Goal");
  await expect(commitField(ada)).toHaveCount(0);

  await ada.getByRole("link", { name: "One screen for both of us" }).click();
  await expect(ada.getByRole("heading", { name: "Coachee guidance" })).toBeVisible();
  await expectHeadingsInOrder(ada);
  await endSession(ada);
  await expect(summaryHeading(bea)).toBeVisible();
  await expectHeadingsInOrder(bea);
});
