import { expect, test, type Page } from "@playwright/test";
import { hydrated, signUp, uniqueEmail } from "./helpers";
import { endSession, newPerson, openWithoutJavaScript, pairInCircle, stepHeading } from "./room-helpers";

/** Seconds left on a countdown that reads "m:ss". */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.locator(".countdown-time").textContent()) ?? "";
  const [minutes, seconds] = text.split(":").map(Number);
  return minutes * 60 + seconds;
}



test("a pair runs a session in step on two screens, from start to summary", async ({ browser }) => {
  const { ada, bea, circleUrl } = await pairInCircle(browser);

  // Ada starts a GROW session now, coaching Bea.
  await ada.goto(circleUrl);
  await hydrated(ada);
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Bea Coachee" });
  await start.getByLabel("I will").selectOption("coach");
  await start.getByLabel("Script").selectOption({ label: "GROW" });
  await start.getByLabel("Topic (optional)").fill("Delegating more");
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(ada.getByRole("heading", { level: 1 })).toHaveText("GROW");
  await expect(stepHeading(ada)).toHaveText("Check in");
  const roomUrl = ada.url();

  // Bea finds it on Home and opens the room; each sees the other arrive.
  await bea.getByRole("link", { name: "Home" }).click();
  await bea.getByRole("link", { name: "Ada Coach coaches Bea Coachee" }).click();
  await expect(bea).toHaveURL(roomUrl);
  await hydrated(bea);
  await hydrated(ada);
  const presence = (page: Page) => page.getByRole("list", { name: "Who is in the room" });
  await expect(presence(ada)).toContainText("Bea Coachee (coachee) here");
  await expect(presence(bea)).toContainText("Ada Coach (coach) here");
  // Each sees the guidance for their own role.
  await expect(ada.getByRole("heading", { name: "Coach guidance" })).toBeVisible();
  await expect(bea.getByRole("heading", { name: "Coachee guidance" })).toBeVisible();
  await expect(bea.getByRole("heading", { name: "Coach guidance" })).toHaveCount(0);

  // Ada moves on; Bea's screen follows within a second.
  await ada.getByRole("button", { name: "Next step →" }).click();
  await expect(stepHeading(ada)).toHaveText("Goal");
  await expect(stepHeading(bea)).toHaveText("Goal", { timeout: 1_000 });

  // Both countdowns agree within a second.
  await ada.waitForTimeout(1_500);
  const [adaLeft, beaLeft] = await Promise.all([secondsLeft(ada), secondsLeft(bea)]);
  expect(adaLeft).toBeGreaterThan(6 * 60);
  expect(Math.abs(adaLeft - beaLeft)).toBeLessThanOrEqual(1);

  // Bea's shared note appears for Ada; Ada's private note never reaches Bea. The note
  // carries markup that must come back as the same text, also from the server's page.
  const note = "Wants to hand over the weekly report </textarea><b>&amp;</b>";
  await bea.getByLabel("Shared notes").fill(note);
  await expect(ada.getByLabel("Shared notes")).toHaveValue(note);
  await ada.getByLabel("My private notes").fill("Ada private: ask about the team lead");
  await expect(ada.locator("#private-note-1-status")).toHaveText("Saved");
  expect(await bea.content()).not.toContain("ask about the team lead");

  // Bea reloads mid-session and lands on the same step, with the shared note.
  await bea.reload();
  await expect(stepHeading(bea)).toHaveText("Goal");
  await expect(bea.getByLabel("Shared notes")).toHaveValue(note);
  expect(await bea.content()).not.toContain("ask about the team lead");
  await hydrated(bea);
  await expect(presence(bea)).toContainText("Bea Coachee (coachee) here");

  // Bea drops off; Ada moves on meanwhile; Bea catches up on reconnecting.
  await bea.context().setOffline(true);
  await expect(presence(ada)).toContainText("Bea Coachee (coachee) away");
  await ada.getByRole("button", { name: "Next step →" }).click();
  await expect(stepHeading(ada)).toHaveText("Reality");
  await bea.context().setOffline(false);
  await expect(stepHeading(bea)).toHaveText("Reality");
  await expect(presence(ada)).toContainText("Bea Coachee (coachee) here");

  // On to the closing step, where Bea records a commitment both see.
  // Ada's own screen must show each step before she moves on: a move names the step
  // it leaves, and one made from a step her screen has not caught up with is refused
  // as stale (Bea's screen can hear of a move before Ada's does).
  for (const title of ["Options", "Way forward", "Close"]) {
    await ada.getByRole("button", { name: "Next step →" }).click();
    await expect(stepHeading(ada)).toHaveText(title);
    await expect(stepHeading(bea)).toHaveText(title);
  }
  await expect(ada.getByRole("button", { name: "Next step →" })).toBeDisabled();
  await bea.getByLabel("Bea Coachee commits to…").fill("Hand the weekly report to Sam");
  await bea.getByRole("button", { name: "Add commitment" }).click();
  await expect(ada.getByRole("region", { name: "Bea Coachee's commitments" })).toContainText(
    "Hand the weekly report to Sam",
  );

  // Ada ends the session; both see the same summary.
  await endSession(ada);
  for (const page of [ada, bea]) {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Session summary");
    await expect(page.getByRole("region", { name: "Commitments" })).toContainText("Hand the weekly report to Sam");
  }
  // Apart from each person's own private note, both see the same steps.
  const steps = (page: Page) =>
    page.getByRole("region", { name: "Steps" }).evaluate((region) => {
      const shared = region.cloneNode(true) as HTMLElement;
      shared.querySelectorAll(".my-private-note").forEach((note) => note.remove());
      return shared.textContent;
    });
  await bea.reload();
  expect(await steps(bea)).toEqual(await steps(ada));
  expect(await steps(ada)).toContain("Wants to hand over the weekly report");
  await ada.screenshot({ path: "test-results/session-summary.png", fullPage: true });

  // A third person, signed in, gets "not found" for the room and its live stream.
  const cai = await newPerson(browser);
  await signUp(cai, uniqueEmail("cai"), "Cai Stranger");
  const room = await cai.goto(roomUrl);
  expect(room?.status()).toBe(404);
  await expect(cai.getByRole("alert")).toContainText("We could not find that");
  expect(await cai.content()).not.toContain("Wants to hand over");
  const stream = await cai.request.get(`${roomUrl}/live`);
  expect(stream.status()).toBe(404);

  // Swap roles: Bea now coaches Ada, same script; Ada's summary leads there too.
  await hydrated(bea);
  await bea.getByRole("button", { name: "Swap roles and start" }).click();
  // The summary is itself at /sessions/:id, so wait for a different session's address.
  await expect(bea).not.toHaveURL(roomUrl);
  await expect(bea).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(bea.getByText("Bea Coachee coaches Ada Coach")).toBeVisible();
  await expect(ada.getByRole("link", { name: "Open the session with roles swapped" })).toBeVisible();
});

test("one-screen mode shows both roles side by side, and commitments are followed up", async ({ browser }) => {
  const { ada, bea, circleUrl } = await pairInCircle(browser);
  // First session: Bea commits to something, then they end.
  await bea.goto(circleUrl);
  await hydrated(bea);
  const start = bea.getByRole("region", { name: "Start a session" });
  await start.getByLabel("I will").selectOption("coachee");
  await start.getByLabel("Script").selectOption({ label: "Peer consult" });
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(stepHeading(bea)).toHaveText("Present the challenge");
  await hydrated(bea);
  for (let i = 0; i < 4; i++) {
    const before = await stepHeading(bea).textContent();
    await bea.getByRole("button", { name: "Next step →" }).click();
    await expect(stepHeading(bea)).not.toHaveText(before ?? "");
  }
  await bea.getByLabel("Bea Coachee commits to…").fill("Ask my team for feedback on Friday");
  await bea.getByRole("button", { name: "Add commitment" }).click();
  await expect(bea.getByRole("region", { name: "Bea Coachee's commitments" })).toContainText("Ask my team");
  await endSession(bea);
  await expect(bea.getByRole("heading", { level: 1 })).toHaveText("Session summary");

  // Next session (Commitment follow-up) starts on its follow-up step, which lists it.
  await ada.goto(circleUrl);
  await hydrated(ada);
  const again = ada.getByRole("region", { name: "Start a session" });
  await again.getByLabel("Script").selectOption({ label: "Commitment follow-up" });
  await again.getByRole("button", { name: "Start session" }).click();
  await expect(stepHeading(ada)).toHaveText("Review the commitments");
  await hydrated(ada);
  const followUp = ada.getByRole("region", { name: "Commitments from earlier sessions" });
  await expect(followUp).toContainText("Ask my team for feedback on Friday");
  await followUp.getByRole("button", { name: "Mark done" }).click();
  await expect(followUp).toContainText("Done");
  await expect(followUp.getByRole("button", { name: "Mark done" })).toHaveCount(0);

  // One screen for both: the guidance of both roles, side by side.
  await ada.getByRole("link", { name: "One screen for both of us" }).click();
  await expect(ada.getByRole("heading", { name: "Coach guidance" })).toBeVisible();
  await expect(ada.getByRole("heading", { name: "Coachee guidance" })).toBeVisible();
  await ada.screenshot({ path: "test-results/session-one-screen.png", fullPage: true });
  await ada.getByRole("link", { name: "Back to my own screen" }).click();
  await expect(ada.getByRole("heading", { name: "Coachee guidance" })).toHaveCount(0);
});

test("the room works without JavaScript: it renders, moves and saves notes by form posts", async ({ browser }) => {
  const { ada, circleUrl, beaEmail } = await pairInCircle(browser);
  await ada.goto(circleUrl);
  await hydrated(ada);
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Script").selectOption({ label: "GROW" });
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(stepHeading(ada)).toHaveText("Check in");
  const roomUrl = ada.url();

  const plain = await openWithoutJavaScript(browser, roomUrl, beaEmail);
  await expect(stepHeading(plain)).toHaveText("Check in");
  await expect(plain.locator(".countdown-time")).toHaveText(/^\d+:\d\d$/);

  await plain.getByRole("button", { name: "Next step →" }).click();
  await expect(stepHeading(plain)).toHaveText("Goal");
  await expect(stepHeading(ada)).toHaveText("Goal");

  await plain.getByLabel("Shared notes").fill("Typed without JavaScript");
  await plain.getByRole("button", { name: "Save note" }).first().click();
  await expect(plain.getByLabel("Shared notes")).toHaveValue("Typed without JavaScript");
  await expect(ada.getByLabel("Shared notes")).toHaveValue("Typed without JavaScript");
  await plain.context().close();
});
