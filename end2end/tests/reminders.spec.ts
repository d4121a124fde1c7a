import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, createCircle, hydrated, signUp, uniqueEmail } from "./helpers";
import { header, mailTo, mailsTo, part } from "./mailbox";
import { endSession } from "./room-helpers";

const HELPED = "Asks questions before giving answers";
const LATER = "A day before each of my sessions, with the calendar event";

/** "09:30" and "2026-11-28" of `at` in `zone`. */
function local(at: number, zone: string): { time: string; day: string } {
  const time = new Date(at).toLocaleTimeString("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit" });
  const day = new Date(at).toLocaleDateString("en-CA", { timeZone: zone });
  return { time, day };
}

/**
 * The next 09:30 in one of `zones` that is between one and 23 hours away (so the
 * "a day before" reminder is due at once, whatever time the test runs): its zone and instant.
 */
function nextNineThirty(zones: string[]): { zone: string; at: number } {
  for (const zone of zones) {
    for (let minutes = 60; minutes <= 23 * 60; minutes++) {
      const at = Math.floor(Date.now() / 60_000 + minutes) * 60_000;
      if (local(at, zone).time === "09:30") return { zone, at };
    }
  }
  throw new Error("no 09:30 in reach");
}

async function personIn(browser: Browser, zone: string): Promise<Page> {
  return (await browser.newContext({ timezoneId: zone })).newPage();
}

/** Opens the invite link from the mail, creates an account on the way, and joins. */
async function joinFromMail(page: Page, email: string, name: string, circleName: string): Promise<void> {
  const mail = await mailTo(email, "Hana Host invites you");
  const link = /http:\/\/\S+\/join\/\S+/.exec(part(mail, "text/plain")!)![0];
  await page.goto(link);
  await expect(page.getByRole("main")).toContainText("Hana Host invites you to join");
  await page.getByRole("main").getByRole("link", { name: "Create account" }).click();
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(circleName);
  await hydrated(page);
  await page.getByRole("button", { name: "Join this circle" }).click();
  await expect(page.getByRole("list", { name: "Members" })).toContainText(`${name} (you)`);
}

async function wantReminders(page: Page): Promise<void> {
  await page.goto("/account");
  await hydrated(page);
  const panel = page.getByRole("region", { name: "Reminders by email" });
  await panel.getByLabel(LATER).check();
  await panel.getByLabel("Someone planned a session with me").check();
  await panel.getByRole("button", { name: "Save reminders" }).click();
  await expect(page.getByRole("status").first()).toContainText("Your reminder choices are saved.");
  await expect(page.getByRole("region", { name: "Reminders by email" }).getByLabel(LATER)).toBeChecked();
}

test("invited by email, two peers plan 09:30 across time zones, get the reminder with the event, meet, and the shout-out shows", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { zone, at } = nextNineThirty(["Europe/Berlin", "Asia/Tokyo"]);
  const beaZone = "America/New_York";
  const [adaEmail, beaEmail] = [uniqueEmail("ada"), uniqueEmail("bea")];

  // Hana hosts a circle and invites Ada and Bea by email.
  const hana = await personIn(browser, "Europe/London");
  await signUp(hana, uniqueEmail("hana"), "Hana Host");
  const circleName = `Reminded peers ${Date.now()}`;
  await createCircle(hana, circleName);
  const circleUrl = hana.url().split("?")[0];
  await hydrated(hana);
  await hana.getByLabel("Invite by email").fill(`${adaEmail}, ${beaEmail}`);
  await hana.getByRole("button", { name: "Send invitations" }).click();
  await expect(hana.getByRole("status").first()).toContainText("Your invitations are on their way");

  // Each joins from the mail, in their own zone, and asks for reminders.
  const ada = await personIn(browser, zone);
  await joinFromMail(ada, adaEmail, "Ada Coach", circleName);
  const bea = await personIn(browser, beaZone);
  await joinFromMail(bea, beaEmail, "Bea Coachee", circleName);
  await wantReminders(ada);
  await wantReminders(bea);

  // Ada plans the session at 09:30 her time.
  await ada.goto(circleUrl);
  await hydrated(ada);
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Bea Coachee" });
  await start.getByLabel("I will").selectOption("coach");
  await start.getByLabel("Script").selectOption({ label: "GROW" });
  await start.getByLabel("Day").fill(local(at, zone).day);
  await start.getByLabel("Start time (optional)").fill("09:30");
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByRole("status").first()).toContainText(/planned/i);

  // Each sees their own local time.
  const beaTime = local(at, beaZone).time;
  await ada.goto("/");
  await expect(ada.getByRole("list", { name: "Next sessions" })).toContainText(`09:30–`);
  await expect(ada.getByRole("list", { name: "Next sessions" })).toContainText(`(your time, ${zone})`);
  await bea.goto("/");
  await expect(bea.getByRole("list", { name: "Next sessions" })).toContainText(`${beaTime}–`);
  await expect(bea.getByRole("list", { name: "Next sessions" })).toContainText(`(your time, ${beaZone})`);

  // Both get the reminder, in their own time, with the event attached; Bea also
  // hears that Ada planned it.
  const utc = new Date(at).toISOString().replace(/[-:]/g, "").slice(0, 13) + "00Z";
  let room = "";
  for (const [email, time, other] of [
    [adaEmail, "09:30", "Bea Coachee"],
    [beaEmail, beaTime, "Ada Coach"],
  ]) {
    const mail = await mailTo(email, `Coming up: your coaching session with ${other}`);
    const text = part(mail, "text/plain")!;
    expect(text).toContain(time);
    room = /http:\/\/\S+\/sessions\/[0-9a-f-]{36}/.exec(text)![0];
    expect(header(mail, "List-Unsubscribe")).toContain("/unsubscribe/");
    const event = part(mail, "text/calendar")!.replace(/\r?\n /g, "");
    expect(event).toContain("BEGIN:VEVENT");
    expect(event).toContain(`DTSTART:${utc}`);
    expect(event).toContain("Coach: Ada Coach");
  }
  await mailTo(beaEmail, "Ada Coach planned a coaching session with you");
  expect(mailsTo(adaEmail).filter((m) => header(m, "Subject").includes("planned"))).toHaveLength(0);

  // The session runs: Ada opens it from her mail and starts it; Bea joins; they end it.
  await ada.goto(room);
  await hydrated(ada);
  await ada.getByRole("button", { name: "Start the session" }).click();
  await expect(ada.locator("#step-heading")).toBeVisible();
  await bea.goto(room);
  await expect(bea.locator("#step-heading")).toBeVisible();
  await hydrated(ada);
  await endSession(ada);

  // Bea, the coachee, recognizes Ada and shares it with the circle.
  await bea.goto(room);
  await hydrated(bea);
  const form = bea.getByRole("region", { name: "Recognize Ada Coach" });
  await form.getByLabel("What helped").selectOption({ label: HELPED });
  await form.getByLabel("A short note").fill("You let me find my own answer.");
  await form.getByLabel("Share with the circle").check();
  await form.getByRole("button", { name: "Send recognition" }).click();
  await expect(form).toContainText("Shared with the circle.");

  // Hana sees the shout-out on the circle page.
  await hana.goto(circleUrl);
  await expect(hana.getByRole("list", { name: "Shout-outs" })).toContainText(
    `Bea Coachee recognized Ada Coach for ${HELPED}`,
  );
});

test("an unsubscribe link works signed out, at phone width, without JavaScript", async ({ browser }) => {
  const { ada, bea } = await (async () => {
    const ada = await personIn(browser, "Europe/Berlin");
    const bea = await personIn(browser, "Europe/Berlin");
    return { ada, bea };
  })();
  const beaEmail = uniqueEmail("bea");
  await signUp(ada, uniqueEmail("ada"), "Ada Planner");
  await createCircle(ada, `Quiet peers ${Date.now()}`);
  const circleUrl = ada.url().split("?")[0];
  const link = await ada.getByLabel("Invite link").inputValue();
  await signUp(bea, beaEmail, "Bea Busy");
  await bea.goto(link);
  await hydrated(bea);
  await bea.getByRole("button", { name: "Join this circle" }).click();
  await expect(bea.getByRole("list", { name: "Members" })).toContainText("Bea Busy (you)");
  await wantReminders(bea);

  await ada.goto(circleUrl);
  await hydrated(ada);
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Bea Busy" });
  await start.getByLabel("Day").fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByRole("status").first()).toContainText(/planned/i);
  const mail = await mailTo(beaEmail, "Ada Planner planned a coaching session with you");
  const stop = /http:\/\/\S+\/unsubscribe\/\S+/.exec(part(mail, "text/plain")!)![0];

  const stranger = await (
    await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } })
  ).newPage();
  await stranger.goto(stop);
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("Email reminders");
  await expect(stranger.getByRole("main")).toContainText("Someone planned a session with me");
  expect(await stranger.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await stranger.getByRole("button", { name: "Stop these mails" }).click();
  await expect(stranger.getByRole("status").first()).toContainText("you will not get these mails any more");
  await expect(stranger.getByRole("main")).toContainText("You no longer get these mails");

  // Bea's account page shows it off, the other choice kept.
  await bea.goto("/account");
  const panel = bea.getByRole("region", { name: "Reminders by email" });
  await expect(panel.getByLabel("Someone planned a session with me")).not.toBeChecked();
  await expect(panel.getByLabel(LATER)).toBeChecked();

  // A link someone made up is not found.
  const forged = await stranger.goto(stop.replace(/.$/, (c) => (c === "0" ? "1" : "0")));
  expect(forged!.status()).toBe(404);
});
