import { expect, test, type Browser, type Page } from "@playwright/test";
import { createCircle, hydrated, signUp, uniqueEmail } from "./helpers";

async function joined(browser: Browser, invite: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUp(page, uniqueEmail(name.split(" ")[0].toLowerCase()), name);
  await page.goto(invite);
  await hydrated(page);
  await page.getByRole("button", { name: "Join this circle" }).click();
  await expect(page.getByRole("list", { name: "Members" })).toContainText("Hana Host");
  return page;
}

test("the next round is fair from the first: the host is not benched, a coachee is not picked twice", async ({
  browser,
}) => {
  const hana = await (await browser.newContext()).newPage();
  await signUp(hana, uniqueEmail("hana"), "Hana Host");
  const invite = await createCircle(hana, `Rotation ${Date.now()}`);
  const circleUrl = hana.url().split("?")[0];
  const pablo = await joined(browser, invite, "Pablo Peer");
  await joined(browser, invite, "Quinn Peer");

  // In a new circle of three the newest member rests, not the host who set it up.
  await hana.goto(circleUrl);
  await hydrated(hana);
  const round = hana.getByRole("region", { name: "Next round" });
  await expect(round).toContainText("Quinn Peer rests this round.");

  // The circle's progress: no session held yet, so all six pairings are still to meet,
  // and the weekly figures wait for three people to take part.
  const progress = hana.getByRole("region", { name: "Progress" });
  await expect(progress).toContainText("Rotation 1: 0 of 6 pairings have met.");
  await expect(progress).toContainText("Sessions and check-ins per week appear once at least 3 members");
  await progress.getByText("Still to meet in this rotation").click();
  await expect(progress.getByRole("listitem")).toHaveCount(6);
  await expect(progress.getByRole("listitem").first()).toHaveText("Hana Host coaches Pablo Peer");

  // Hana plans Pablo → Quinn instead; the next suggestion does not coach Quinn again.
  const pair = round.getByRole("group", { name: "Pair 1" });
  await pair.getByLabel("Coach", { exact: true }).selectOption({ label: "Pablo Peer" });
  await pair.getByLabel("Coachee").selectOption({ label: "Quinn Peer" });
  await round.getByRole("button", { name: "Plan these sessions" }).click();
  const sessions = hana.getByRole("region", { name: "Sessions", exact: true });
  await expect(sessions.getByRole("row")).toHaveCount(2);
  const next = hana.getByRole("region", { name: "Next round" }).getByRole("group", { name: "Pair 1" });
  await expect(next.getByLabel("Coachee").locator("option:checked")).not.toHaveText("Quinn Peer");

  // A session started on the spot shows today's day, not "Day not set".
  await pablo.goto(circleUrl);
  await hydrated(pablo);
  // The planned session's row links its pair (only them) to its room.
  const planned = (page: Page) => page.getByRole("region", { name: "Sessions" }).getByRole("row").filter({ hasText: "Quinn Peer" });
  await expect(planned(pablo).getByRole("link", { name: "Open" })).toHaveAttribute("href", /^\/sessions\/[0-9a-f-]{36}$/);
  await expect(planned(hana).getByRole("link")).toHaveCount(0);
  const start = pablo.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Hana Host" });
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(pablo).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await hana.goto(circleUrl);
  const live = hana.getByRole("region", { name: "Sessions" }).getByRole("row", { name: /Live|In progress/ });
  await expect(live).toHaveCount(1);
  await expect(live).not.toContainText("Day not set");
  await expect(hana.getByRole("region", { name: "Sessions" })).toContainText("Day not set");
});

test("the circle page lists the newest 20 sessions and links to all of them", async ({ browser }) => {
  const hana = await (await browser.newContext()).newPage();
  await signUp(hana, uniqueEmail("hana"), "Hana Host");
  const name = `Long history ${Date.now()}`;
  const invite = await createCircle(hana, name);
  const circleUrl = hana.url().split("?")[0];
  await joined(browser, invite, "Pablo Peer");

  // 21 planned sessions, the suggested pair each time, posted as the form would.
  await hana.goto(circleUrl);
  await hydrated(hana);
  const pair = hana.getByRole("region", { name: "Next round" }).getByRole("group", { name: "Pair 1" });
  const form = {
    circle_id: circleUrl.split("/").pop()!,
    "pairs[0][coach]": await pair.getByLabel("Coach", { exact: true }).inputValue(),
    "pairs[0][coachee]": await pair.getByLabel("Coachee", { exact: true }).inputValue(),
  };
  for (let i = 0; i < 21; i++) {
    expect((await hana.request.post("/api/accept_round", { form, maxRedirects: 0 })).status()).toBeLessThan(400);
  }

  await hana.goto(circleUrl);
  await hydrated(hana);
  const sessions = hana.getByRole("region", { name: "Sessions", exact: true });
  // A header row and the 20 newest.
  await expect(sessions.getByRole("row")).toHaveCount(21);
  await sessions.getByRole("link", { name: "All sessions in this circle" }).click();
  await expect(hana.getByRole("heading", { level: 1 })).toHaveText(`Sessions in ${name}`);
  await expect(hana.getByRole("row")).toHaveCount(22);
  // All 21 fit on one page, so there is no other page to go to.
  await expect(hana.getByRole("navigation", { name: "Pages of sessions" })).toHaveCount(0);
  await hana.getByRole("link", { name: `Back to ${name}` }).click();
  await expect(hana.getByRole("heading", { level: 1 })).toHaveText(name);
});
