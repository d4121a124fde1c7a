import { expect, test, type Browser, type Page } from "@playwright/test";
import { endSession, hydrated, startSessionNow } from "./helpers";
import { pairInCircle } from "./room-helpers";

const HELPED = "Asks questions before giving answers";

/** A second browser sharing `page`'s sign-in, without JavaScript, at phone width. */
async function plainPhone(browser: Browser, page: Page): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
    viewport: { width: 375, height: 800 },
  });
  return context.newPage();
}

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

test("the coachee recognizes the coach after a session, shares it with the circle, and the coach hides the shout-out", async ({
  browser,
}) => {
  const { ada, bea, circleUrl } = await pairInCircle(browser);
  const room = await startSessionNow(ada, circleUrl, "Bea Coachee");
  await endSession(ada, room);

  // Bea, the coachee, recognizes Ada on the summary.
  await bea.goto(room);
  await hydrated(bea);
  const form = bea.getByRole("region", { name: "Recognize Ada Coach" });
  await form.getByLabel("What helped").selectOption({ label: HELPED });
  await form.getByLabel("A short note").fill("You asked three questions before any advice.");
  await form.getByLabel("Share with the circle").check();
  await form.getByRole("button", { name: "Send recognition" }).click();
  await expect(form).toContainText(`You recognized Ada Coach for ${HELPED}`);
  await expect(form).toContainText("Shared with the circle.");
  await expect(form.getByRole("button", { name: "Change recognition" })).toBeVisible();

  // Ada sees it on Home and in the mirror's recognition.
  await ada.goto("/");
  const forYou = ada.getByRole("list", { name: "Recognition for you" });
  await expect(forYou).toContainText(`Bea Coachee recognized you for ${HELPED}`);
  await expect(forYou).toContainText("You asked three questions before any advice.");
  // And, quietly, her first session given.
  await expect(ada.getByRole("list", { name: "Milestones" })).toContainText("You coached your first session.");
  await ada.goto("/mirror");
  await expect(ada.getByText("You asked three questions before any advice.")).toBeVisible();

  // The shout-out shows on the circle page for a member.
  await bea.goto(circleUrl);
  await hydrated(bea);
  const shoutOuts = bea.getByRole("list", { name: "Shout-outs" });
  await expect(shoutOuts).toContainText(`Bea Coachee recognized Ada Coach for ${HELPED}`);
  await expect(shoutOuts.getByRole("button", { name: "Hide from the circle page" })).toHaveCount(0);

  // Ada, its recipient, hides it.
  await ada.goto(circleUrl);
  await hydrated(ada);
  const hers = ada.getByRole("list", { name: "Shout-outs" });
  await hers.getByRole("button", { name: "Hide from the circle page" }).click();
  await expect(ada.getByRole("list", { name: "Shout-outs" })).toHaveCount(0);
  await expect(ada.getByRole("region", { name: "Shout-outs" })).toContainText("No shout-outs yet.");
  await bea.reload();
  await expect(bea.getByRole("region", { name: "Shout-outs" })).toContainText("No shout-outs yet.");

  // Changing her mind, Ada shows it again from Home, and Bea sees it on the circle page.
  await ada.goto("/");
  await hydrated(ada);
  const received = ada.getByRole("list", { name: "Recognition for you" });
  await expect(received).toContainText("hidden from the circle page");
  await received.getByRole("button", { name: "Show on the circle page again" }).click();
  await expect(ada.getByRole("status").first()).toContainText("shows on the circle page again");
  await expect(received.getByRole("button", { name: "Show on the circle page again" })).toHaveCount(0);
  await expect(received).toContainText("shared with the circle");
  await bea.reload();
  await expect(bea.getByRole("list", { name: "Shout-outs" })).toContainText(
    `Bea Coachee recognized Ada Coach for ${HELPED}`,
  );

  // The mirror keeps the timeline of Ada's milestones, with their days.
  await ada.goto("/mirror");
  const timeline = ada.getByRole("list", { name: "Milestones, newest first" });
  await expect(timeline).toContainText("You coached your first session.");
  await expect(timeline).toContainText(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}/);
});

test("recognition works without JavaScript at 375 px, after a session and from the circle page", async ({ browser }) => {
  const { ada, bea, circleUrl } = await pairInCircle(browser);
  const room = await startSessionNow(ada, circleUrl, "Bea Coachee");
  await endSession(ada, room);

  // Bea recognizes Ada on the summary as a plain form post.
  const plainBea = await plainPhone(browser, bea);
  await plainBea.goto(room);
  await noSidewaysScroll(plainBea);
  const form = plainBea.getByRole("region", { name: "Recognize Ada Coach" });
  await form.getByLabel("What helped").selectOption({ label: HELPED });
  await form.getByLabel("A short note").fill("Held me to my plan.");
  await form.getByRole("button", { name: "Send recognition" }).click();
  await expect(plainBea).toHaveURL(/\/sessions\/[0-9a-f-]{36}\?notice=recognized$/);
  await expect(plainBea.getByRole("region", { name: "Recognize Ada Coach" })).toContainText(
    "Only the two of you see it.",
  );
  await noSidewaysScroll(plainBea);

  // Ada recognizes Bea from the circle page, outside the session, also without JavaScript.
  const plainAda = await plainPhone(browser, ada);
  await plainAda.goto(circleUrl);
  const shoutOuts = plainAda.getByRole("region", { name: "Shout-outs" });
  await shoutOuts.getByText("Recognize a peer").click();
  await shoutOuts.getByLabel("Whom").selectOption({ label: "Bea Coachee" });
  await shoutOuts.getByLabel("What helped").selectOption({ label: HELPED });
  await shoutOuts.getByLabel("A short note").fill("Your question in the team meeting.");
  await shoutOuts.getByLabel("Share with the circle").check();
  await shoutOuts.getByRole("button", { name: "Send recognition" }).click();
  await expect(plainAda).toHaveURL(/\/circles\/[0-9a-f-]{36}\?notice=recognized$/);
  await expect(plainAda.getByRole("list", { name: "Shout-outs" })).toContainText(
    "Ada Coach recognized Bea Coachee",
  );
  await noSidewaysScroll(plainAda);
  // Bea's private recognition reaches Ada's Home.
  await plainAda.goto("/");
  await expect(plainAda.getByRole("list", { name: "Recognition for you" })).toContainText("Held me to my plan.");
  await noSidewaysScroll(plainAda);

  // A refused note comes back with what was typed.
  await plainBea.goto(room);
  await plainBea.getByLabel("A short note").fill("   ");
  await plainBea.getByRole("button", { name: "Change recognition" }).click();
  await expect(plainBea.getByText("Say in a line what helped.")).toBeVisible();
});
