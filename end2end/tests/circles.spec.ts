import { expect, test, type Browser, type Page } from "@playwright/test";
import { mailsTo } from "./mailbox";
import { PASSWORD, createCircle, hydrated, joinCircle, signUp, uniqueEmail } from "./helpers";

async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test("a host invites a peer who signs up, joins, and both see each other", async ({ browser }) => {
  const ada = await newPerson(browser);
  await ada.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(ada, uniqueEmail("ada"), "Ada Host");
  const circleName = `Tuesday peers ${Date.now()}`;
  const link = await createCircle(ada, circleName);
  expect(link).toMatch(/\/join\/[0-9a-f]{64}$/);
  await ada.getByRole("button", { name: "Copy link" }).click();
  await expect(ada.getByText("Link copied.")).toBeVisible();
  expect(await ada.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // Bea has no account: the link says which circle it is, she creates an account,
  // and lands back on the invitation.
  const bea = await newPerson(browser);
  await bea.goto(link);
  await expect(bea.getByRole("heading", { level: 1 })).toHaveText(circleName);
  await bea.getByRole("main").getByRole("link", { name: "Create account" }).click();
  await expect(bea).toHaveURL(/\/sign-up\?next=/);
  await hydrated(bea);
  await bea.getByLabel("Email").fill(uniqueEmail("bea"));
  await bea.getByLabel("Your name").fill("Bea Peer");
  await bea.getByLabel("Password").fill(PASSWORD);
  await bea.getByRole("button", { name: "Create account" }).click();
  await expect(bea.getByRole("heading", { level: 1 })).toHaveText(circleName);
  await expect(bea.getByText("You are invited to join")).toBeVisible();
  await hydrated(bea);
  await bea.getByRole("button", { name: "Join this circle" }).click();
  await expect(bea.getByRole("status").first()).toContainText("You have joined the circle");
  const beaMembers = bea.getByRole("list", { name: "Members" });
  await expect(beaMembers).toContainText("Ada Host");
  await expect(beaMembers).toContainText("Bea Peer (you)");
  await expect(bea.getByLabel("Invite link")).toHaveCount(0);

  await ada.reload();
  await expect(ada.getByRole("list", { name: "Members" })).toContainText("Bea Peer");
  // Beside her badge and the host's buttons, Bea's name still reads across, not a
  // letter per line.
  const beaName = await ada.locator(".member-name", { hasText: "Bea Peer" }).boundingBox();
  expect(beaName!.width).toBeGreaterThan(beaName!.height * 2);

  // Ada plans the suggested round; Bea sees the planned session.
  await hydrated(ada);
  await ada.getByRole("button", { name: "Plan these sessions" }).click();
  await expect(ada.getByRole("region", { name: "Sessions" }).getByRole("cell", { name: "Planned" })).toBeVisible();
  await bea.reload();
  await expect(bea.getByRole("region", { name: "Sessions" }).getByRole("cell", { name: "Planned" })).toBeVisible();
  await bea.getByRole("link", { name: "Home" }).click();
  await expect(bea.getByRole("list", { name: "Next sessions" })).toContainText(circleName);
  await bea.goBack();

  // Ada replaces the link: the old one is "not found" for a newcomer.
  await ada.getByText("Make a new link").click();
  await ada.getByRole("button", { name: "Replace the link" }).click();
  await expect(ada.getByLabel("Invite link")).not.toHaveValue(link);
  const cai = await newPerson(browser);
  await signUp(cai, uniqueEmail("cai"), "Cai Late");
  const replaced = await cai.goto(link);
  expect(replaced?.status()).toBe(404);
  await expect(cai.getByRole("alert")).toContainText("We could not find that");
  await expect(cai.getByText(circleName)).toHaveCount(0);
});

test("a host invites peers by email; a wrong address is named and nothing typed is lost", async ({ page }) => {
  await signUp(page, uniqueEmail("ivy"), "Ivy Host");
  const name = `Mailing ${Date.now()}`;
  await createCircle(page, name);
  await hydrated(page);
  const peer = uniqueEmail("pat");
  const field = page.getByLabel("Invite by email");
  await field.fill(`${peer}, not-an-address`);
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText("These are not email addresses: not-an-address.")).toBeVisible();
  await expect(field).toHaveValue(`${peer}, not-an-address`);
  await field.fill(peer);
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByRole("status").first()).toContainText("Your invitations are on their way");
  await expect.poll(() => mailsTo(peer).length, { timeout: 15_000 }).toBe(1);
  expect(mailsTo(peer)[0]).toContain(`Subject: Ivy Host invites you to ${name} on Coaching Circles`);
});

test("the circles list shows my circles and the way to create one", async ({ page }) => {
  await signUp(page, uniqueEmail("lin"), "Lin");
  await page.getByRole("link", { name: "Circles", exact: true }).click();
  await expect(page.getByRole("heading", { name: "No circles yet" })).toBeVisible();
  const name = `Leaders ${Date.now()}`;
  await createCircle(page, name);
  await page.getByRole("link", { name: "Circles", exact: true }).click();
  const card = page.getByRole("list", { name: "Your circles" }).getByRole("listitem");
  await expect(card).toContainText(name);
  await expect(card).toContainText("Weekly · 1 member · Host");
});

test("a member leaves a circle after confirming", async ({ browser }) => {
  const host = await newPerson(browser);
  await signUp(host, uniqueEmail("hal"), "Hal Host");
  const link = await createCircle(host, `Leaving ${Date.now()}`);
  const member = await newPerson(browser);
  await signUp(member, uniqueEmail("mel"), "Mel Member");
  await member.goto(link);
  await hydrated(member);
  await member.getByRole("button", { name: "Join this circle" }).click();
  await expect(member.getByRole("list", { name: "Members" })).toContainText("Mel Member (you)");
  await member.getByText("Leave circle").click();
  await member.getByRole("button", { name: "Yes, leave this circle" }).click();
  await expect(member.getByRole("status").first()).toContainText("You have left the circle");
  await expect(member.getByRole("heading", { name: "No circles yet" })).toBeVisible();
});

test("a host changes the circle's name and rhythm on a phone without JavaScript; a blank name is named and the rest kept", async ({
  browser,
}) => {
  const hana = await newPerson(browser);
  await signUp(hana, uniqueEmail("hana"), "Hana Host");
  const circleName = `Settled peers ${Date.now()}`;
  const link = await createCircle(hana, circleName);
  const circleUrl = hana.url().split("?")[0];
  const ada = await newPerson(browser);
  await signUp(ada, uniqueEmail("ada"), "Ada Member");
  await joinCircle(ada, link);
  await ada.goto(circleUrl);
  await expect(ada.getByText("Change the name, purpose or rhythm")).toHaveCount(0);

  const phone = await (
    await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 375, height: 800 },
      storageState: await hana.context().storageState(),
    })
  ).newPage();
  await phone.goto(circleUrl);
  const details = phone.getByRole("region", { name: "Circle details" });
  await details.getByText("Change the name, purpose or rhythm").click();
  await details.getByLabel("Name").fill("   ");
  await details.getByLabel("Purpose").fill("Practise coaching, once a month.");
  await details.getByLabel("How often you meet").selectOption({ label: "Monthly" });
  await details.getByRole("button", { name: "Save the details" }).click();
  await expect(details.getByText("Give the circle a name.")).toBeVisible();
  await expect(details.getByLabel("Purpose")).toHaveValue("Practise coaching, once a month.");
  await expect(details.getByLabel("How often you meet")).toHaveValue("monthly");
  const sideways = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: "../target/e2e/circle-details-375.png", fullPage: true });

  await details.getByLabel("Name").fill("Monthly peers");
  await details.getByRole("button", { name: "Save the details" }).click();
  await expect(phone).toHaveURL(/\/circles\/[0-9a-f-]{36}\?notice=circle-saved$/);
  await expect(phone.getByRole("status").first()).toContainText("The circle's details are saved");
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Monthly peers");

  // Ada, a member, sees the new name, purpose and rhythm.
  await ada.goto(circleUrl);
  await expect(ada.getByRole("heading", { level: 1 })).toHaveText("Monthly peers");
  await expect(ada.getByRole("main")).toContainText("Practise coaching, once a month.");
  await expect(ada.getByRole("main")).toContainText("Monthly ·");
});
