import { expect, test, type Browser, type Page } from "@playwright/test";
import { createCircle, endSession, hydrated, signUp, startSessionNow, uniqueEmail } from "./helpers";

const PHONE = { width: 360, height: 780 };

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE });
  return context.newPage();
}

/** The page is no wider than the phone: nothing scrolls sideways. */
async function fitsPhone(page: Page, what: string): Promise<void> {
  await page.waitForLoadState("load");
  await page.screenshot({ path: `test-results/phone-${what}.png`, fullPage: true });
  const [width, widest] = await page.evaluate((limit) => {
    // The innermost elements that reach past the edge, to say what to fix.
    const past = [...document.querySelectorAll("body *")].filter(
      (e) => e.getBoundingClientRect().right > limit + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > limit + 0.5),
    );
    const names = past.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return [document.documentElement.scrollWidth, names.join(", ")];
  }, PHONE.width);
  expect.soft(width, `${what} is ${width} px wide (${widest})`).toBeLessThanOrEqual(PHONE.width);
}

test("no page the suite reaches scrolls sideways at 360 px", async ({ browser }) => {
  const host = await phone(browser);
  await signUp(host, uniqueEmail("hana"), "Hana Host-Longname");
  const circleName = `Phone-width peers with a long circle name ${Date.now()}`;
  const link = await createCircle(host, circleName);
  const circleUrl = host.url().split("?")[0];
  await fitsPhone(host, "circle-host");

  const member = await phone(browser);
  await signUp(member, uniqueEmail("pablo"), "Pablo Peer-Member");
  await fitsPhone(member, "home-new");
  await member.goto(link);
  await hydrated(member);
  await fitsPhone(member, "join");
  await member.getByRole("button", { name: "Join this circle" }).click();
  await expect(member.getByRole("list", { name: "Members" })).toContainText("Pablo Peer-Member (you)");
  await fitsPhone(member, "circle-member");

  // The member tracks three behaviours and checks in; the mirror then has a chart.
  await member.goto("/checkin");
  await hydrated(member);
  await fitsPhone(member, "choose-behaviours");
  const choices = member.getByRole("checkbox");
  for (const i of [0, 1, 2]) await choices.nth(i).check();
  await member.getByRole("button", { name: "Save my behaviours" }).click();
  await expect(member.getByRole("button", { name: "Save check-in" })).toBeVisible();
  await fitsPhone(member, "checkin");
  const groups = member.locator("fieldset.rating");
  for (const i of [0, 1, 2]) await groups.nth(i).getByRole("radio").nth(3).check();
  await member.getByRole("button", { name: "Save check-in" }).click();
  await expect(member).toHaveURL(/\/mirror/);
  await fitsPhone(member, "mirror");

  // The peer view of the host.
  await member.goto(circleUrl);
  await member.getByRole("link", { name: /Share what you saw/ }).first().click();
  await expect(member.getByRole("heading", { level: 1 })).toContainText("Hana Host-Longname");
  await fitsPhone(member, "peer-view");

  // The host starts a session with the member; both are in the room.
  await host.goto(circleUrl);
  await hydrated(host);
  await fitsPhone(host, "circle-host-full");
  const room = await startSessionNow(host, circleUrl, "Pablo Peer-Member");
  await fitsPhone(host, "room-host");
  await member.goto(room);
  await hydrated(member);
  await fitsPhone(member, "room-member");
  await host.goto("/");
  await fitsPhone(host, "home-live");
  await host.goto("/circles");
  await fitsPhone(host, "circles");
  await host.goto(circleUrl);
  await fitsPhone(host, "circle-host-live");

  // Ended (through its server function, so this test does not depend on how the room
  // asks to confirm), the room shows the summary.
  await endSession(host, room);
  await host.goto(room);
  await expect(host.getByRole("heading", { level: 1 })).toHaveText("Session summary");
  await fitsPhone(host, "summary");

  // Scripts: the library and the editor of a new circle script.
  await host.goto("/scripts");
  await fitsPhone(host, "scripts");
  await host.getByRole("link", { name: "New script" }).click();
  await hydrated(host);
  await host.getByLabel("Title").fill("A script with a title long enough to wrap");
  await host.getByRole("button", { name: "Create and add steps" }).click();
  await expect(host.getByRole("heading", { name: "Edit script" })).toBeVisible();
  await fitsPhone(host, "script-editor");

  await host.goto("/account");
  await fitsPhone(host, "account");

  // Signed out: the start page, sign-in and the invitation.
  const visitor = await phone(browser);
  await visitor.goto("/");
  await fitsPhone(visitor, "landing");
  await visitor.goto(link);
  await fitsPhone(visitor, "invite");
  await visitor.goto("/sign-in");
  await fitsPhone(visitor, "sign-in");
});
