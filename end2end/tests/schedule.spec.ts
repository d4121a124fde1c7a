import { expect, request, test, type Browser, type Page } from "@playwright/test";
import { createCircle, hydrated, joinCircle, signUp, uniqueEmail } from "./helpers";

/** A person in their own browser whose clock runs in `timezoneId`; sign-up takes it. */
async function personIn(browser: Browser, timezoneId: string, name: string, who: string): Promise<Page> {
  const page = await (await browser.newContext({ timezoneId })).newPage();
  await signUp(page, uniqueEmail(who), name);
  return page;
}

/** Ada (in Berlin) makes a circle and Bea (in New York) joins it by its link; Ada is
 * then on the circle page, live. */
async function pairInCircle(
  browser: Browser,
  [adaName, beaName]: [string, string],
  circle: string,
): Promise<{ ada: Page; bea: Page; circleUrl: string }> {
  const ada = await personIn(browser, "Europe/Berlin", adaName, "ada");
  const link = await createCircle(ada, `${circle} ${Date.now()}`);
  const circleUrl = ada.url().split("?")[0];
  const bea = await personIn(browser, "America/New_York", beaName, "bea");
  await bea.goto(link);
  await hydrated(bea);
  await bea.getByRole("button", { name: "Join this circle" }).click();
  await expect(bea.getByRole("list", { name: "Members" })).toContainText(adaName);
  await ada.goto(circleUrl);
  await hydrated(ada);
  return { ada, bea, circleUrl };
}

/** `person`'s browser session on a 375 px phone without JavaScript. */
async function onPhoneWithoutJs(browser: Browser, person: Page): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 375, height: 800 },
    storageState: await person.context().storageState(),
  });
  return context.newPage();
}

/** A day two weeks ahead as YYYY-MM-DD (no clock change between Berlin and New York then in December). */
function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("a session planned at 09:30 in Berlin shows in each person's own time, and downloads as an event", async ({
  browser,
}) => {
  const { ada, bea, circleUrl } = await pairInCircle(browser, ["Ada Berlin", "Bea NewYork"], "Time peers");
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Bea NewYork" });
  await start.getByLabel("I will").selectOption("coach");
  await start.getByLabel("Script").selectOption({ label: "GROW" });
  await start.getByLabel("Day").fill(dayAhead(14));
  await start.getByLabel("Start time (optional)").fill("09:30");
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByRole("status").first()).toContainText(/planned/i);

  // Each sees the time in their own zone (GROW's timeboxes add up to 37 minutes).
  await ada.goto(circleUrl);
  const sessions = ada.getByRole("table", { name: /Sessions in this circle/ });
  await expect(sessions).toContainText("09:30–10:07 (your time, Europe/Berlin)");
  await ada.goto("/");
  const mine = ada.getByRole("list", { name: "Next sessions" });
  await expect(mine).toContainText("09:30–10:07 (your time, Europe/Berlin)");
  await bea.goto("/");
  const theirs = bea.getByRole("list", { name: "Next sessions" });
  await expect(theirs).toContainText("03:30–04:07 (your time, America/New_York)");

  // The calendar file downloads for Ada, and for Bea from her own link.
  const [download] = await Promise.all([
    ada.waitForEvent("download"),
    mine.getByRole("link", { name: /Calendar file for Ada Berlin coaches Bea NewYork/ }).click(),
  ]);
  const text = await (await download.createReadStream()).toArray().then((parts) => Buffer.concat(parts).toString());
  expect(text).toContain("BEGIN:VEVENT");
  expect(text).toMatch(/DTSTART:\d{8}T083000Z/);
  const href = await theirs.getByRole("link", { name: /Calendar file/ }).getAttribute("href");
  const file = await bea.request.get(href!);
  expect(file.status()).toBe(200);
  // Long lines are folded at 75 octets: unfold before reading.
  const unfold = (ics: string) => ics.replace(/\r\n /g, "");
  expect(unfold(await file.text())).toContain("Coach: Ada Berlin");

  // A private feed address from the account page, read without any browser session.
  await ada.goto("/account");
  await hydrated(ada);
  await ada.getByRole("button", { name: "Make a new feed address" }).click();
  const feed = await ada.getByLabel("Your feed address").inputValue();
  const app = await request.newContext();
  const subscribed = await app.get(feed);
  expect(subscribed.status()).toBe(200);
  expect(unfold(await subscribed.text())).toContain("Coach: Ada Berlin");
  await app.dispose();
});

test("the planning form works at 375 px without JavaScript and keeps what was typed when refused", async ({
  browser,
}) => {
  const ada = await personIn(browser, "Europe/Berlin", "Ada Phone", "ada");
  const link = await createCircle(ada, `Phone peers ${Date.now()}`);
  const circleUrl = ada.url().split("?")[0];
  const bea = await personIn(browser, "America/New_York", "Bea Phone", "bea");
  await bea.goto(link);
  await hydrated(bea);
  await bea.getByRole("button", { name: "Join this circle" }).click();
  await expect(bea.getByRole("list", { name: "Members" })).toContainText("Ada Phone");

  const plain = await onPhoneWithoutJs(browser, ada);
  await plain.goto(circleUrl);
  const start = plain.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Day").fill(dayAhead(14));
  await start.getByLabel("Start time (optional)").fill("09:30");
  await start.getByLabel("Length in minutes (optional)").fill("1000");
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(plain).toHaveURL(circleUrl);
  const refused = plain.getByRole("region", { name: "Start a session" });
  await expect(refused).toContainText("Enter the length in minutes, from 5 to 240.");
  await expect(refused.getByLabel("Start time (optional)")).toHaveValue("09:30");
  await expect(refused.getByLabel("Length in minutes (optional)")).toHaveValue("1000");
  const sideways = await plain.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);

  // Corrected, it posts and the session is planned at that time.
  await refused.getByLabel("Length in minutes (optional)").fill("30");
  await refused.getByRole("button", { name: "Start session" }).click();
  await expect(plain.getByRole("table", { name: /Sessions in this circle/ })).toContainText(
    "09:30–10:00 (your time, Europe/Berlin)",
  );
});

/** The room of the first session in `page`'s "Next sessions" on Home. */
async function firstRoom(page: Page): Promise<string> {
  await page.goto("/");
  const href = await page
    .getByRole("list", { name: "Next sessions" })
    .getByRole("link", { name: /Calendar file/ })
    .first()
    .getAttribute("href");
  return href!.replace(/\/calendar\.ics$/, "");
}

test("either of the pair moves a planned session, both see the new time, and a stale change is refused", async ({
  browser,
}) => {
  const { ada, bea } = await pairInCircle(browser, ["Ada Mover", "Bea Mover"], "Moving peers");
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Bea Mover" });
  await start.getByLabel("Day").fill(dayAhead(14));
  await start.getByLabel("Start time (optional)").fill("09:30");
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByRole("status").first()).toContainText(/planned/i);

  // Both open the planned session; the form starts from each one's own time.
  const room = await firstRoom(ada);
  await ada.goto(room);
  await hydrated(ada);
  await expect(ada.getByRole("heading", { level: 1 })).toHaveText("Ada Mover coaches Bea Mover");
  await bea.goto(room);
  await hydrated(bea);
  const beas = bea.getByRole("region", { name: "Change the time" });
  await expect(beas.getByLabel("New start time (optional)")).toHaveValue("03:30");

  // Bea moves it a day on, to 10:00 her time.
  await beas.getByLabel("New day").fill(dayAhead(15));
  await beas.getByLabel("New start time (optional)").fill("10:00");
  await beas.getByRole("button", { name: "Save the new time" }).click();
  await expect(bea.getByText(/Planned for .*10:00–10:37 \(your time, America\/New_York\)/)).toBeVisible();

  // Ada's open page learns of it; her change over the old time is refused.
  const adas = ada.getByRole("region", { name: "Change the time" });
  await expect(adas).toContainText("Your peer has changed this session.");
  await adas.getByLabel("New start time (optional)").fill("08:00");
  await adas.getByRole("button", { name: "Save the new time" }).click();
  await expect(adas.getByRole("alert")).toContainText("so your change was not saved");
  await expect(adas.getByLabel("New start time (optional)")).toHaveValue("08:00");

  // Reloaded, she sees Bea's time in her own zone, here and on Home.
  await ada.goto(room);
  await expect(ada.getByText(/Planned for .*16:00–16:37 \(your time, Europe\/Berlin\)/)).toBeVisible();
  await ada.goto("/");
  await expect(ada.getByRole("list", { name: "Next sessions" })).toContainText(
    "16:00–16:37 (your time, Europe/Berlin)",
  );
  // Its calendar file is the same event, one sequence on.
  const file = await ada.request.get(`${room}/calendar.ics`);
  const text = (await file.text()).replace(/\r\n /g, "");
  expect(text).toContain(`UID:${room.split("/").pop()}@coaching-circles`);
  expect(text).toContain("SEQUENCE:1");
  expect(text).toMatch(/DTSTART:\d{8}T150000Z/);
});

test("the change-time form works at 375 px without JavaScript and keeps what was typed when refused", async ({
  browser,
}) => {
  const { ada, bea } = await pairInCircle(browser, ["Ada Plain", "Bea Plain"], "Plain movers");
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Day").fill(dayAhead(14));
  await start.getByLabel("Start time (optional)").fill("09:30");
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByRole("status").first()).toContainText(/planned/i);
  const room = await firstRoom(ada);

  const plain = await onPhoneWithoutJs(browser, ada);
  await plain.goto(room);
  const form = plain.getByRole("region", { name: "Change the time" });
  await form.getByLabel("New start time (optional)").fill("11:15");
  await form.getByLabel("New length in minutes (optional)").fill("1000");
  await form.getByRole("button", { name: "Save the new time" }).click();
  await expect(plain).toHaveURL(new RegExp(`${room}$`));
  const refused = plain.getByRole("region", { name: "Change the time" });
  await expect(refused).toContainText("Enter the length in minutes, from 5 to 240.");
  await expect(refused.getByLabel("New start time (optional)")).toHaveValue("11:15");
  await expect(refused.getByLabel("New length in minutes (optional)")).toHaveValue("1000");
  const sideways = await plain.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await plain.screenshot({ path: "../target/e2e/change-time-375.png", fullPage: true });

  await refused.getByLabel("New length in minutes (optional)").fill("50");
  await refused.getByRole("button", { name: "Save the new time" }).click();
  await expect(plain.getByRole("status").first()).toContainText("new time is saved");
  await expect(plain.getByText(/Planned for .*11:15–12:05 \(your time, Europe\/Berlin\)/)).toBeVisible();
});

test("the weekly check-in goes into the calendar feed at my local time, without JavaScript at 375 px too", async ({
  browser,
}) => {
  const kai = await personIn(browser, "Asia/Tokyo", "Kai Tokyo", "kai");
  const plain = await onPhoneWithoutJs(browser, kai);
  await plain.goto("/account");
  const panel = plain.getByRole("region", { name: "Calendar feed" });
  await expect(panel.getByText("You have no feed address yet.")).toBeVisible();
  await panel.getByLabel("Put my weekly check-in in the feed").check();
  await panel.getByLabel("Check-in day").selectOption({ label: "Thursday" });
  await panel.getByLabel("Check-in time").fill("07:45");
  await panel.getByRole("button", { name: "Save check-in in feed" }).click();
  await expect(plain.getByText("Your calendar feed is saved.")).toBeVisible();
  const saved = plain.getByRole("region", { name: "Calendar feed" });
  await expect(saved.getByLabel("Put my weekly check-in in the feed")).toBeChecked();
  await expect(saved.getByLabel("Check-in day")).toHaveValue("4");
  await expect(saved.getByLabel("Check-in time")).toHaveValue("07:45");

  // Saving made the feed; a calendar app reads the check-in as a weekly event at
  // 07:45 in Tokyo, on a Thursday.
  const feed = await saved.getByLabel("Your feed address").inputValue();
  const app = await request.newContext();
  const read = async () => (await (await app.get(feed)).text()).replace(/\r\n /g, "");
  const ics = await read();
  expect(ics).toContain("SUMMARY:Weekly check-in");
  expect(ics).toContain("RRULE:FREQ=WEEKLY");
  const start = ics.match(/DTSTART;TZID=Asia\/Tokyo:(\d{4})(\d{2})(\d{2})T074500/);
  expect(start, ics).not.toBeNull();
  const [, year, month, day] = start!;
  expect(new Date(Date.UTC(+year, +month - 1, +day)).getUTCDay()).toBe(4);

  // With JavaScript: taken out again.
  await kai.goto("/account");
  await hydrated(kai);
  const live = kai.getByRole("region", { name: "Calendar feed" });
  await live.getByLabel("Put my weekly check-in in the feed").uncheck();
  await live.getByRole("button", { name: "Save check-in in feed" }).click();
  await expect(kai.getByText("Your calendar feed is saved.")).toBeVisible();
  await expect.poll(read).not.toContain("Weekly check-in");
  await app.dispose();
});

test("either of the pair cancels a planned session, without JavaScript at 375 px too, and the other's room follows", async ({
  browser,
}) => {
  const { ada, bea } = await pairInCircle(browser, ["Ada Cancel", "Bea Cancel"], "Cancelling peers");
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Day").fill(dayAhead(14));
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByRole("status").first()).toContainText(/planned/i);
  const room = await firstRoom(ada);
  await bea.goto(room);
  await hydrated(bea);
  await expect(bea.getByRole("region", { name: "Cancel the session" })).toBeVisible();

  // Ada cancels it from her phone, without JavaScript.
  const plain = await onPhoneWithoutJs(browser, ada);
  await plain.goto(room);
  const cancel = plain.getByRole("region", { name: "Cancel the session" });
  await cancel.getByText("Cancel this session").click();
  await cancel.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(plain).toHaveURL(new RegExp(`${room}\\?notice=session-cancelled$`));
  await expect(plain.getByRole("status").first()).toContainText("The session is cancelled.");
  await expect(plain.getByText("You cancelled this session.")).toBeVisible();
  await expect(plain.getByRole("region", { name: "Change the time" })).toHaveCount(0);
  const sideways = await plain.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await plain.screenshot({ path: "../target/e2e/cancelled-375.png", fullPage: true });

  // Bea's open room follows, and the circle lists the session as cancelled.
  await expect(bea.getByText("Ada Cancel cancelled this session.")).toBeVisible();
  await expect(bea.getByRole("button", { name: "Start the session" })).toHaveCount(0);
  await bea.getByRole("link", { name: "Plan another from the circle page" }).click();
  await expect(bea.getByRole("table", { name: /Sessions in this circle/ })).toContainText("Cancelled");

  // Bea plans another and cancels it herself, with JavaScript.
  await hydrated(bea);
  const again = bea.getByRole("region", { name: "Start a session" });
  await again.getByLabel("Day").fill(dayAhead(21));
  await again.getByRole("button", { name: "Start session" }).click();
  await expect(bea.getByRole("status").first()).toContainText(/planned/i);
  await bea.goto(await firstRoom(bea));
  await hydrated(bea);
  await bea.getByText("Cancel this session").click();
  await bea.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(bea.getByText("You cancelled this session.")).toBeVisible();
  await expect(bea.getByRole("button", { name: "Start the session" })).toHaveCount(0);
});

test("a host who is not one of the pair cancels a planned session from the circle page, without JavaScript at 375 px", async ({
  browser,
}) => {
  // Hana hosts; Ada and Bea are members, and Ada plans a session with Bea.
  const { ada: hana, bea: ada, circleUrl } = await pairInCircle(browser, ["Hana Host", "Ada Member"], "Hosted peers");
  const bea = await personIn(browser, "Europe/Berlin", "Bea Member", "bea");
  await joinCircle(bea, await hana.getByLabel("Invite link").inputValue());
  await ada.goto(circleUrl);
  await hydrated(ada);
  const start = ada.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Bea Member" });
  await start.getByLabel("Day").fill(dayAhead(14));
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByRole("status").first()).toContainText(/planned/i);
  const room = await firstRoom(bea);
  await bea.goto(room);
  await hydrated(bea);

  // Only the host is offered to call it off from the circle page.
  const pair = "Ada Member and Bea Member";
  await ada.goto(circleUrl);
  await expect(ada.getByText(`Cancel the session of ${pair}`, { exact: true })).toHaveCount(0);

  // Hana does, on her phone without JavaScript: a mistaken click first asks again.
  const plain = await onPhoneWithoutJs(browser, hana);
  await plain.goto(circleUrl);
  const sessions = plain.getByRole("table", { name: /Sessions in this circle/ });
  await sessions.getByText(`Cancel the session of ${pair}`, { exact: true }).click();
  const sideways = await plain.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await plain.screenshot({ path: "../target/e2e/host-cancel-375.png", fullPage: true });
  await sessions.getByRole("button", { name: `Yes, cancel the session of ${pair}` }).click();
  await expect(plain).toHaveURL(new RegExp(`${circleUrl}\\?notice=session-cancelled$`));
  await expect(plain.getByRole("status").first()).toContainText("The session is cancelled.");
  await expect(sessions).toContainText("Cancelled");
  await expect(sessions.getByText(`Cancel the session of ${pair}`, { exact: true })).toHaveCount(0);

  // Bea's open room follows and says who called it off.
  await expect(bea.getByText("The circle's host cancelled this session.")).toBeVisible();
  await expect(bea.getByRole("button", { name: "Start the session" })).toHaveCount(0);
});
