import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createCircle, hydrated, signUp, uniqueEmail } from "./helpers";
import { endSession } from "./room-helpers";

/**
 * Every page a person reaches, at a phone's 360 px and a desktop's 1280 px: axe finds
 * no violation of any impact, and nothing scrolls sideways. Problems are gathered over
 * the whole walk and reported together, so one run lists them all.
 */
class Audit {
  problems: string[] = [];

  async check(page: Page, name: string): Promise<void> {
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) this.problems.push(`${name} at ${width} px: ${wide} px too wide`);
      const axe = await new AxeBuilder({ page }).analyze();
      for (const v of axe.violations) {
        const where = v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ");
        this.problems.push(`${name} at ${width} px: ${v.id} (${v.impact}) ${where}`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async visit(page: Page, path: string, name = path): Promise<void> {
    await page.goto(path);
    await hydrated(page);
    await this.check(page, name);
  }
}

test("every page reads well on a phone and a desktop, and axe finds nothing", async ({ browser }) => {
  test.setTimeout(240_000);
  const audit = new Audit();
  const stranger = await (await browser.newContext()).newPage();
  for (const path of ["/", "/sign-in", "/sign-up", "/forgot-password"]) await audit.visit(stranger, path);
  await audit.visit(stranger, "/reset-password/not-a-link", "a link to choose a password that no longer works");

  const hana = await (await browser.newContext()).newPage();
  await signUp(hana, uniqueEmail("hana"), "Hana Host");
  const invite = await createCircle(hana, `Audit ${Date.now()}`);
  const circleUrl = new URL(hana.url()).pathname;
  await audit.check(hana, "circle page, host, just created");
  for (const path of ["/", "/account", "/circles", "/circles/new", "/scripts", "/scripts/new", "/scripts/import", "/checkin", "/mirror"]) {
    await audit.visit(hana, path);
  }
  await hana.goto("/scripts");
  await hana.getByRole("link", { name: "GROW", exact: true }).click();
  // A client-side navigation: the page was hydrated before the click, so wait for
  // the script's own heading, or axe would read the page half-way through.
  await expect(hana.getByRole("heading", { level: 1 })).toHaveText("GROW");
  await audit.check(hana, "script page");
  // The editor, of a script of Hana's circle.
  await hana.goto("/scripts/new");
  await hydrated(hana);
  await hana.getByLabel("Title").fill("Audit script");
  await hana.getByRole("button", { name: "Create and add steps" }).click();
  await expect(hana.getByRole("heading", { level: 1 })).toHaveText("Edit script");
  await audit.visit(hana, new URL(hana.url()).pathname, "script editor");

  const pablo = await (await browser.newContext()).newPage();
  await signUp(pablo, uniqueEmail("pablo"), "Pablo Peer");
  await audit.visit(pablo, new URL(invite).pathname, "invite, signed in");
  await pablo.getByRole("button", { name: "Join this circle" }).click();
  await expect(pablo.getByRole("list", { name: "Members" })).toContainText("Hana Host");
  await audit.check(pablo, "circle page, member");
  await audit.visit(hana, circleUrl, "circle page, host, two members");

  // A live session, on both screens.
  const start = hana.getByRole("region", { name: "Start a session" });
  await start.getByLabel("Peer").selectOption({ label: "Pablo Peer" });
  await start.getByRole("button", { name: "Start session" }).click();
  await expect(hana).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  // The room arrives by client-side navigation: wait for it, not for hydration.
  await expect(hana.getByRole("heading", { level: 1 })).toHaveText("GROW");
  await audit.check(hana, "session room, coach");
  await audit.visit(pablo, new URL(hana.url()).pathname, "session room, coachee");
  await hana.getByRole("link", { name: "One screen for both of us" }).click();
  // The heading was "GROW" before the click too: wait for what only one screen shows.
  await expect(hana.getByRole("heading", { name: "Coachee guidance" })).toBeVisible();
  await audit.check(hana, "session room, one screen");
  await endSession(pablo);
  await expect(pablo.getByRole("heading", { level: 1, name: "Session summary" })).toBeVisible();
  await audit.check(pablo, "session summary");
  await audit.visit(pablo, "/sessions", "my sessions");

  // A planned session, with the form to change its time.
  await hana.goto(circleUrl);
  await hydrated(hana);
  const plan = hana.getByRole("region", { name: "Start a session" });
  await plan.getByLabel("Peer").selectOption({ label: "Pablo Peer" });
  await plan.getByLabel("Day").fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
  await plan.getByLabel("Start time (optional)").fill("09:30");
  await plan.getByRole("button", { name: "Start session" }).click();
  await expect(hana.getByRole("status").first()).toContainText(/planned/i);
  await hana.goto("/");
  const file = await hana
    .getByRole("list", { name: "Next sessions" })
    .getByRole("link", { name: /Calendar file/ })
    .first()
    .getAttribute("href");
  await audit.visit(hana, file!.replace(/\/calendar\.ics$/, ""), "planned session room");
  await audit.visit(hana, `${circleUrl}/sessions`, "the circle's sessions");
  // The host's "Cancel" beside it on the circle page, opened to ask again.
  await audit.visit(hana, circleUrl, "circle page, host, a planned session");
  await hana.getByRole("table", { name: /Sessions in this circle/ }).getByText(/^Cancel the session of/).click();
  await audit.check(hana, "circle page, host, asked to confirm a cancellation");

  expect(audit.problems).toEqual([]);
});
